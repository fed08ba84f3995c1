"""Outbox pages: admins' queue of WhatsApp/SMS messages to send by hand; the public opt-out page."""

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from naikkelas.accounts.access import require, require_province_admin
from naikkelas.core.forms import add_service_errors
from naikkelas.notify import access, services, templates_admin
from naikkelas.notify.forms import TemplateForm, WhatsAppTemplateForm
from naikkelas.notify.models import Message, MessageTemplate, WhatsAppTemplate


@login_required
def hand_queue(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require(access.can_send_by_hand(user))
    queue = access.messages_for_user(user).filter(status=Message.Status.MANUAL).order_by("created_at", "id")
    page = Paginator(queue, 25).get_page(request.GET.get("page"))
    bodies = services.custom_templates()
    rows = [(message, services.click_to_chat_url(message, bodies)) for message in page]
    return render(request, "notify/hand_queue.html", {"page": page, "rows": rows})


@login_required
def mark_sent(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    if request.method != "POST":
        return redirect("notify:hand_queue")
    message = get_object_or_404(access.messages_for_user(user), pk=pk, status=Message.Status.MANUAL)
    services.message_mark_sent(message=message)
    flash.success(request, _("Pesan untuk %(to)s ditandai terkirim.") % {"to": message.recipient})
    return redirect("notify:hand_queue")


@login_required
def mark_sent_many(request: HttpRequest) -> HttpResponse:
    """Many hand-sent messages marked at once: the ticked ones, or every one on the page shown."""
    user: Any = request.user
    if request.method != "POST":
        return redirect("notify:hand_queue")
    access.require_hand_sender(user)
    field = "page_ids" if request.POST.get("action") == "page" else "ids"
    ids = [int(v) for v in request.POST.getlist(field) if v.isdigit()][:500]
    try:
        count = services.messages_mark_sent(
            actor=user, messages=access.messages_for_user(user).filter(pk__in=ids)
        )
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
    else:
        flash.success(request, _("%(count)s pesan ditandai terkirim.") % {"count": count})
    page = request.POST.get("page", "")
    return redirect(reverse("notify:hand_queue") + (f"?page={page}" if page.isdigit() else ""))


def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    try:
        recipient, channel = signing.loads(token, salt=services.OPT_OUT_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404 from None
    done = False
    if request.method == "POST":
        services.opt_out_create(recipient=recipient, channel=channel)
        done = True
    shown = recipient[:4] + "•" * max(len(recipient) - 7, 0) + recipient[-3:]
    return render(request, "notify/opt_out.html", {"recipient": shown, "channel": channel, "done": done})


def _require_province_admin(request: HttpRequest) -> None:
    user: Any = request.user
    require_province_admin(user)


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    _require_province_admin(request)
    custom = set(MessageTemplate.objects.values_list("key", "language"))
    rows = [(key, [(language, (key, language) in custom) for language in templates_admin.LANGUAGES])
            for key in templates_admin.template_keys()]  # fmt: skip
    return render(request, "notify/template_list.html", {"rows": rows})


@login_required
def template_edit(request: HttpRequest, key: str, language: str) -> HttpResponse:
    _require_province_admin(request)
    if key not in templates_admin.template_keys() or language not in templates_admin.LANGUAGES:
        raise Http404
    saved = MessageTemplate.objects.filter(key=key, language=language).first()
    body = saved.body if saved else templates_admin.default_body(key)
    form = TemplateForm(request.POST or None, initial={"body": body})
    if request.method == "POST" and request.POST.get("action") == "reset":
        if request.POST.get("sure") != "1":
            flash.error(request, _("Centang konfirmasi untuk kembali ke teks bawaan."))
            return redirect("notify:template_edit", key=key, language=language)
        templates_admin.message_template_reset(key=key, language=language)
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
                templates_admin.whatsapp_template_save(
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
            templates_admin.message_template_save(key=key, language=language, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            flash.success(request, _("Templat tersimpan; pesan berikutnya memakai teks ini."))
            return redirect("notify:template_edit", key=key, language=language)
    try:
        subject, text = templates_admin.preview(
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
            "language": language,
            "form": form,
            "custom": saved is not None,
            "whatsapp_form": whatsapp_form,
            "subject": subject,
            "text": text,
        },
    )
