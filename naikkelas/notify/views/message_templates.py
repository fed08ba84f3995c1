"""Pages where province admins reword messages (checked before they are saved) and name WhatsApp templates."""

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from naikkelas.accounts.access import require_province_admin
from naikkelas.core.forms import add_service_errors
from naikkelas.notify.forms import TemplateForm, WhatsAppTemplateForm
from naikkelas.notify.models import MessageTemplate, WhatsAppTemplate, template_label
from naikkelas.notify.services import message_templates


def _require_province_admin(request: HttpRequest) -> None:
    user: Any = request.user
    require_province_admin(user)


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    _require_province_admin(request)
    custom = set(MessageTemplate.objects.values_list("key", "language"))
    rows = [(key, template_label(key),
             [(language, (key, language) in custom) for language in message_templates.LANGUAGES])
            for key in message_templates.template_keys()]  # fmt: skip
    return render(request, "notify/template_list.html", {"rows": rows})


@login_required
def template_edit(request: HttpRequest, key: str, language: str) -> HttpResponse:
    _require_province_admin(request)
    if key not in message_templates.template_keys() or language not in message_templates.LANGUAGES:
        raise Http404
    saved = MessageTemplate.objects.filter(key=key, language=language).first()
    body = saved.body if saved else message_templates.default_body(key)
    form = TemplateForm(request.POST or None, initial={"body": body})
    if request.method == "POST" and request.POST.get("action") == "reset":
        if request.POST.get("sure") != "1":
            flash.error(request, _("Centang konfirmasi untuk kembali ke teks bawaan."))
            return redirect("notify:template_edit", key=key, language=language)
        message_templates.message_template_reset(key=key, language=language)
        flash.success(request, _("Teks bawaan dipakai lagi."))
        return redirect("notify:template_edit", key=key, language=language)
    configured = WhatsAppTemplate.objects.filter(key=key, language=language).first()
    whatsapp_form = WhatsAppTemplateForm(
        request.POST if request.POST.get("action") == "whatsapp" else None,
        initial={"whatsapp_name": configured.name, "provider_language": configured.provider_language,
                 "parameters": ", ".join(configured.parameters)} if configured else {"provider_language": language},
    )  # fmt: skip
    if request.method == "POST" and request.POST.get("action") == "whatsapp":
        if whatsapp_form.is_valid():
            try:
                message_templates.whatsapp_template_save(
                    key=key, language=language, name=whatsapp_form.cleaned_data["whatsapp_name"],
                    provider_language=whatsapp_form.cleaned_data["provider_language"],
                    parameters=whatsapp_form.cleaned_data["parameters"],
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(whatsapp_form, error)
            else:
                flash.success(request, _("Templat WhatsApp tersimpan."))
                return redirect("notify:template_edit", key=key, language=language)
        form = TemplateForm(initial={"body": body})
    elif request.method == "POST" and form.is_valid():
        try:
            message_templates.message_template_save(
                key=key, language=language, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            flash.success(request, _("Templat tersimpan; pesan berikutnya memakai teks ini."))
            return redirect("notify:template_edit", key=key, language=language)
    try:
        subject, text = message_templates.preview(
            form.data.get("body", body) if form.is_bound else body, language
        )
    except ValidationError as error:
        subject, text = "", ""
        if not form.is_bound and saved is not None:  # saved before the current rules: say so
            flash.error(
                request,
                _(
                    "Teks tersimpan tidak lolos pemeriksaan (%(error)s); pesan dikirim dengan teks bawaan sampai teks ini diperbaiki."
                )
                % {"error": " ".join(error.messages)},
            )
    return render(
        request,
        "notify/template_edit.html",
        {
            "key": key,
            "label": template_label(key),
            "language": language,
            "form": form,
            "custom": saved is not None,
            "whatsapp_form": whatsapp_form,
            "subject": subject,
            "text": text,
        },
    )
