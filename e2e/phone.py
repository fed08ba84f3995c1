"""What a phone asks of every page, measured in the browser: nothing wider than the screen, and every
control tall enough for a thumb."""

TAP_TARGET_PX = 44

# Every visible link, button, field and disclosure shorter than a thumb. A checkbox or radio counts by
# its label when it has one, since the whole label toggles it.
_SMALL_TARGETS = """(minimum) => {
  const small = [];
  for (const el of document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    if (el.closest('details:not([open]) > :not(summary)')) continue;
    let height = box.height;
    if (el.type === 'checkbox' || el.type === 'radio') {
      const label = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`));
      if (label) height = Math.max(height, label.getBoundingClientRect().height);
    }
    if (height < minimum) {
      const name = (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '').trim();
      small.push(`<${el.tagName.toLowerCase()}> "${name.replace(/\\s+/g, ' ').slice(0, 40)}" ${Math.round(height)} px`);
    }
  }
  return small;
}"""


def page_width(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.evaluate("document.documentElement.scrollWidth"))


def small_targets(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The controls on the page a thumb cannot hit, each named with its text and height."""
    return list(page.evaluate(_SMALL_TARGETS, TAP_TARGET_PX))


# Labels (a definition list's terms, a table's headers) narrower than their longest word: the browser
# broke a word in two ("Participant|s"). Measured with the element's own font.
_BROKEN_WORDS = """() => {
  const broken = [];
  const ctx = document.createElement('canvas').getContext('2d');
  for (const el of document.querySelectorAll('main dt, main th')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0) continue;
    const head = el.closest('thead');
    if (head && getComputedStyle(head).position === 'absolute') continue;  // a stacked table's hidden header
    const style = getComputedStyle(el);
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const word of el.innerText.split(/\\s+/)) {
      if (word && ctx.measureText(word).width > room + 1) broken.push(`${el.tagName.toLowerCase()} "${word}"`);
    }
  }
  return broken;
}"""


def broken_words(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Labels on the page too narrow for one of their words, each named with the word."""
    return list(page.evaluate(_BROKEN_WORDS))
