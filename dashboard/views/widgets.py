"""Accessible inputs for the filters: plain HTML controls a keyboard and a screen reader can use.

Bokeh's MultiChoice (Choices.js) traps the Tab key, matches fuzzily before it matches a
prefix, stays open after a choice, renders its labels as HTML and logs deprecation warnings;
its DatePicker's input has no label. These components are small native controls instead:
every text is set as text (``textContent``), never parsed as markup.
"""

from __future__ import annotations

import logging

import panel as pn
import param

from ..upstream import PlainJSComponent

__all__ = ["BusyCue", "ButtonList", "ChoiceFilter", "DateFilter", "DownloadButtons", "DownloadFile", "SearchBox", "FOCUS_CSS"]

log = logging.getLogger(__name__)

#: A visible focus ring and a screen-reader-only class, for every shadow root that needs them.
FOCUS_CSS = """
:focus-visible { outline: 3px solid #0b57d0 !important; outline-offset: 2px; }
.cd-sr { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
         white-space: nowrap; margin: -1px; padding: 0; border: 0; }
"""

_INPUT_CSS = FOCUS_CSS + """
:host { font-family: var(--bokeh-base-font, system-ui, sans-serif); }
.cd-field { display: flex; flex-direction: column; gap: 3px; width: 100%; box-sizing: border-box; }
.cd-field label, .cd-field .cd-label { font-size: 14px; color: #212529; }
.cd-field input { box-sizing: border-box; width: 100%; font: inherit; font-size: 15px; padding: 6px 8px;
                  border: 1px solid #8a939c; border-radius: 4px; background: #fff; color: #212529; min-height: 38px; }
.cd-field input::placeholder { color: #5f6871; opacity: 1; }
.cd-field input:focus, .cd-field input:focus-within { outline: 3px solid #0b57d0; outline-offset: 1px; }
"""


class _Input(PlainJSComponent):
    """A filter input: when it sends a new value it also fires ``busy`` (a page event) for the page's
    :class:`BusyCue`, at once, before the server has heard of it."""

    busy = param.String(default="", doc="The page event fired when a new value is sent (none when empty).")


#: Fires the input's busy event (in each input's module: ``sent(model)`` right after ``model.value = ...``).
_SENT = "const sent = (model) => { if (model.busy) document.dispatchEvent(new CustomEvent(model.busy)) }\n"


class ChoiceFilter(_Input):
    """Choose any number of options by typing: a combobox with a list of matches, and the choices as chips.

    Matches rank by where the typed text falls: the start of the label, then the start of a word,
    then every typed word at a word start, then anywhere, then its letters in order (a typo-tolerant
    last resort). Arrow keys move through the matches, Enter chooses (the first match when none is
    active) and closes the list, Escape closes it, Backspace in the empty box removes the last choice.
    """

    label = param.String(default="", doc="Visible label.")

    placeholder = param.String(default="", doc="Shown in the empty box.")

    options = param.List(default=[], doc="[value, text] pairs, in the order they are listed.")

    value = param.List(default=[], item_type=str, doc="The chosen values.")

    _esm = _SENT + r"""
    const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    const WORD = /[^\p{L}\p{N}]+/u
    const LETTER = /[\p{L}\p{N}]/u

    // Whether `q` occurs in `l` where a word starts.
    const atWordStart = (l, q) => {
      for (let i = l.indexOf(q); i >= 0; i = l.indexOf(q, i + 1)) if (i === 0 || !LETTER.test(l[i - 1])) return true
      return false
    }

    // Rank of `label` for the query `q` (folded, trimmed): lower is better, null when it does not match.
    export function rank(label, q) {
      const l = fold(label)
      if (!q || l.startsWith(q)) return 0
      if (atWordStart(l, q)) return 1
      const parts = q.split(WORD).filter(Boolean)
      if (parts.length && parts.every((p) => atWordStart(l, p))) return 2
      if (l.includes(q)) return 3
      let at = -1, first = -1
      for (const ch of q.replace(/\s+/g, '')) {
        at = l.indexOf(ch, at + 1)
        if (at < 0) return null
        if (first < 0) first = at
      }
      return 4 + (at - first) / 1000
    }

    let counter = 0

    export function render({ model, el }) {
      const id = `cd-choice-${++counter}`
      const field = document.createElement('div')
      field.className = 'cd-field cd-choice'
      const label = document.createElement('label')
      label.htmlFor = `${id}-input`
      label.id = `${id}-label`
      const chips = document.createElement('ul')
      chips.className = 'cd-chips'
      chips.setAttribute('aria-labelledby', `${id}-label`)
      const input = document.createElement('input')
      Object.assign(input, { id: `${id}-input`, type: 'text', autocomplete: 'off', spellcheck: false })
      input.setAttribute('role', 'combobox')
      input.setAttribute('aria-autocomplete', 'list')
      input.setAttribute('aria-expanded', 'false')
      input.setAttribute('aria-controls', `${id}-list`)
      const list = document.createElement('ul')
      list.id = `${id}-list`
      list.className = 'cd-options'
      list.setAttribute('role', 'listbox')
      list.setAttribute('aria-labelledby', `${id}-label`)
      list.setAttribute('aria-multiselectable', 'true')
      list.hidden = true
      const status = document.createElement('div')
      status.className = 'cd-sr'
      status.setAttribute('role', 'status')
      field.append(label, chips, input, list, status)
      el.appendChild(field)

      let matches = [], active = -1
      const text = new Map()
      const chosen = () => new Set(model.value)

      const say = (message) => { status.textContent = message }
      const close = () => {
        list.hidden = true
        active = -1
        input.setAttribute('aria-expanded', 'false')
        input.removeAttribute('aria-activedescendant')
      }
      const paint = () => {
        const picked = chosen()
        list.replaceChildren(...matches.map(([value, txt], i) => {
          const li = document.createElement('li')
          li.id = `${id}-opt-${i}`
          li.setAttribute('role', 'option')
          li.setAttribute('aria-selected', String(picked.has(value)))
          li.className = i === active ? 'cd-active' : ''
          li.textContent = txt
          li.addEventListener('mousedown', (e) => e.preventDefault())  // keep the focus in the box
          li.addEventListener('click', () => choose(i))
          return li
        }))
        if (active >= 0) {
          input.setAttribute('aria-activedescendant', `${id}-opt-${active}`)
          list.children[active]?.scrollIntoView({ block: 'nearest' })
        } else {
          input.removeAttribute('aria-activedescendant')
        }
      }
      const open = () => {
        const q = fold(input.value).trim()
        matches = model.options
          .map(([value, txt], i) => [value, txt, rank(txt, q), i])
          .filter((m) => m[2] !== null)
          .sort((a, b) => a[2] - b[2] || a[3] - b[3])
        active = -1  // ArrowDown goes to the first match; Enter alone chooses it
        list.hidden = false
        input.setAttribute('aria-expanded', 'true')
        paint()
        say(matches.length ? `${matches.length} ${matches.length === 1 ? 'match' : 'matches'}` : 'No match')
      }
      const choose = (i) => {
        const [value, txt] = matches[i]
        const picked = chosen()
        const now = picked.has(value) ? model.value.filter((v) => v !== value) : [...model.value, value]
        input.value = ''
        close()
        model.value = now
        sent(model)
        say(`${txt} ${picked.has(value) ? 'removed' : 'chosen'}; ${now.length} chosen`)
      }
      const drop = (value) => {
        model.value = model.value.filter((v) => v !== value)
        sent(model)
        say(`${text.get(value) ?? value} removed; ${model.value.length} chosen`)
        input.focus()
      }
      const showChips = () => {
        text.clear()
        for (const [value, txt] of model.options) text.set(value, txt)
        chips.replaceChildren(...model.value.map((value) => {
          const li = document.createElement('li')
          const name = document.createElement('span')
          name.textContent = text.get(value) ?? value
          const remove = document.createElement('button')
          remove.type = 'button'
          remove.textContent = '×'
          remove.setAttribute('aria-label', `Remove ${text.get(value) ?? value}`)
          remove.addEventListener('click', () => drop(value))
          li.append(name, remove)
          return li
        }))
        chips.hidden = model.value.length === 0
        input.placeholder = model.value.length ? 'Add another…' : model.placeholder
        if (!list.hidden) paint()
      }
      const showLabel = () => { label.textContent = model.label }

      input.addEventListener('input', open)
      input.addEventListener('click', () => { if (list.hidden) open() })
      input.addEventListener('blur', close)
      input.addEventListener('keydown', (e) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault()
          const down = e.key === 'ArrowDown'
          if (list.hidden) open()
          if (!matches.length) active = -1
          else if (active < 0) active = down ? 0 : matches.length - 1
          else active = (active + (down ? 1 : matches.length - 1)) % matches.length
          paint()
        } else if (e.key === 'Enter') {
          if (!list.hidden && matches.length) {
            e.preventDefault()
            choose(active >= 0 ? active : 0)
          }
        } else if (e.key === 'Escape') {
          if (!list.hidden) { e.preventDefault(); close() }
          else if (input.value) { input.value = '' }
        } else if (e.key === 'Backspace' && !input.value && model.value.length) {
          drop(model.value[model.value.length - 1])
        }
      })
      showLabel()
      showChips()
      model.on('label', showLabel)
      model.on(['value', 'options', 'placeholder'], showChips)
    }
    """

    _stylesheets = [_INPUT_CSS + """
    .cd-chips { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px; }
    .cd-chips li { display: inline-flex; align-items: center; gap: 2px; background: #1f4e79; color: #fff;
                   border-radius: 3px; padding: 2px 2px 2px 8px; font-size: 13.5px; max-width: 100%; }
    .cd-chips li span { overflow-wrap: anywhere; }
    .cd-chips button { background: none; border: 0; color: #fff; font-size: 17px; line-height: 1; cursor: pointer;
                       min-width: 26px; min-height: 26px; border-radius: 3px; }
    .cd-chips button:hover { background: rgba(255, 255, 255, 0.2); }
    .cd-options { list-style: none; margin: 0; padding: 2px 0; max-height: 240px; overflow-y: auto;
                  border: 1px solid #8a939c; border-radius: 4px; background: #fff; }
    .cd-options li { padding: 6px 10px; font-size: 14px; cursor: pointer; color: #212529; }
    .cd-options li:hover { background: #eef3f8; }
    .cd-options li.cd-active { background: #0b57d0; color: #fff; }
    .cd-options:not(:has(.cd-active)) li:first-child { background: #eef3f8; }
    .cd-options li[aria-selected="true"]::before { content: "✓ "; font-weight: bold; }
    """]


class DateFilter(_Input):
    """A labelled native date input (ISO date text; empty for none)."""

    label = param.String(default="", doc="Visible label.")

    value = param.String(default="", doc="The date as YYYY-MM-DD, or empty.")

    start = param.String(default="", doc="The earliest date offered (YYYY-MM-DD).")

    end = param.String(default="", doc="The latest date offered (YYYY-MM-DD).")

    _esm = _SENT + r"""
    let counter = 0
    export function render({ model, el }) {
      const id = `cd-date-${++counter}`
      const field = document.createElement('div')
      field.className = 'cd-field'
      const label = document.createElement('label')
      label.htmlFor = id
      const input = document.createElement('input')
      Object.assign(input, { id, type: 'date' })
      field.append(label, input)
      el.appendChild(field)
      const show = () => {
        label.textContent = model.label
        input.min = model.start
        input.max = model.end
        if (input.value !== model.value) input.value = model.value
      }
      // a complete date, or an emptied box; a half-typed date is not sent
      input.addEventListener('change', () => {
        if (input.value || !input.validity.badInput) {
          model.value = input.value
          sent(model)
        }
      })
      show()
      model.on(['label', 'value', 'start', 'end'], show)
    }
    """

    _stylesheets = [_INPUT_CSS]


class SearchBox(_Input):
    """A labelled search box that filters as the user types.

    The text is sent once typing pauses for ``delay`` ms (at once on Enter), so a word
    typed costs one search, not one per letter.
    """

    label = param.String(default="", doc="Visible label.")

    placeholder = param.String(default="", doc="Shown in the empty box.")

    value = param.String(default="", doc="The text searched for.")

    delay = param.Integer(default=350, bounds=(0, None), doc="Pause (ms) after the last key before searching.")

    _esm = _SENT + r"""
    let counter = 0
    export function render({ model, el }) {
      const id = `cd-search-${++counter}`
      const field = document.createElement('div')
      field.className = 'cd-field'
      field.setAttribute('role', 'search')
      const label = document.createElement('label')
      label.htmlFor = id
      const input = document.createElement('input')
      Object.assign(input, { id, type: 'search', autocomplete: 'off' })
      field.append(label, input)
      el.appendChild(field)
      let timer = null
      const send = () => {
        clearTimeout(timer)
        timer = null
        if (model.value !== input.value) {
          model.value = input.value
          sent(model)
        }
      }
      input.addEventListener('input', () => {
        clearTimeout(timer)
        timer = setTimeout(send, model.delay)
      })
      input.addEventListener('keydown', (e) => { if (e.key === 'Enter') send() })
      input.addEventListener('change', send)
      const show = () => {
        label.textContent = model.label
        input.placeholder = model.placeholder
        if (timer === null && input.value !== model.value) input.value = model.value
      }
      show()
      model.on(['label', 'value', 'placeholder'], show)
    }
    """

    _stylesheets = [_INPUT_CSS]


class ButtonList(PlainJSComponent):
    """A disclosure with a list of buttons: the keyboard's way to what a canvas offers to a mouse.

    ``items`` are ``{"id", "text", "pressed"}`` (``pressed`` optional: a toggle's state). Activating
    one calls ``on_choose`` with its id. ``expanded`` says whether the list is open; the page fills
    ``items`` only while it is.
    """

    summary = param.String(default="", doc="The disclosure's button text.")

    expanded = param.Boolean(default=False, doc="Whether the list is shown.")

    items = param.List(default=[], doc="The buttons: dicts with id, text and optionally pressed.")

    empty = param.String(default="Nothing to list.", doc="Said when there are no items.")

    on_choose = param.Callable(default=None,
                               doc="Called with an item's id when it is activated (not sent to the browser).")

    busy = param.String(default="", doc=(
        "The page event fired when an item is activated (a BusyCue's; none when empty): ``on_choose`` "
        "must then clear it, once for every activation."))

    _esm = r"""
    let counter = 0
    export function render({ model, el }) {
      const id = `cd-list-${++counter}`
      const toggle = document.createElement('button')
      toggle.type = 'button'
      toggle.className = 'cd-toggle'
      toggle.setAttribute('aria-controls', id)
      const box = document.createElement('div')
      box.id = id
      const list = document.createElement('ul')
      list.className = 'cd-buttons'
      const none = document.createElement('p')
      none.className = 'cd-none'
      box.append(list, none)
      el.append(toggle, box)
      const show = () => {
        toggle.textContent = (model.expanded ? '▾ ' : '▸ ') + model.summary
        toggle.setAttribute('aria-expanded', String(model.expanded))
        box.hidden = !model.expanded
      }
      const fill = () => {
        const focused = el.getRootNode().activeElement?.dataset?.id
        list.replaceChildren(...model.items.map((item) => {
          const li = document.createElement('li')
          const b = document.createElement('button')
          b.type = 'button'
          b.textContent = item.text
          b.dataset.id = item.id
          if (item.pressed !== undefined && item.pressed !== null) b.setAttribute('aria-pressed', String(item.pressed))
          b.addEventListener('click', () => {
            if (model.busy) document.dispatchEvent(new CustomEvent(model.busy))
            model.send_msg({ choose: item.id })
          })
          li.appendChild(b)
          return li
        }))
        none.textContent = model.items.length ? '' : model.empty
        none.hidden = model.items.length > 0
        if (focused) list.querySelector(`button[data-id="${CSS.escape(focused)}"]`)?.focus()
      }
      toggle.addEventListener('click', () => { model.expanded = !model.expanded })
      show()
      fill()
      model.on('expanded', show)
      model.on('summary', show)
      model.on(['items', 'empty'], fill)
    }
    """

    _stylesheets = [FOCUS_CSS + """
    :host { font-family: var(--bokeh-base-font, system-ui, sans-serif); }
    .cd-toggle { background: none; border: 1px solid #8a939c; border-radius: 4px; padding: 4px 10px;
                 font: inherit; font-size: 13.5px; color: #1f3b57; cursor: pointer; }
    .cd-toggle:hover { background: #eef3f8; }
    .cd-buttons { list-style: none; margin: 6px 0 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px; }
    .cd-buttons button { font: inherit; font-size: 13px; text-align: left; background: #f6f8fa; color: #1f2328;
                         border: 1px solid #c5ccd3; border-radius: 4px; padding: 4px 8px; cursor: pointer; }
    .cd-buttons button:hover { background: #eef3f8; }
    .cd-buttons button[aria-pressed="true"] { background: #1f4e79; color: #fff; border-color: #1f4e79; }
    .cd-none { font-size: 13px; color: #555; margin: 6px 0 0 0; }
    """]

    _rename = {"on_choose": None}

    def _handle_msg(self, msg) -> None:
        ident = msg.get("choose") if isinstance(msg, dict) else None
        if isinstance(ident, str) and self.on_choose is not None:
            self.on_choose(ident)


class DownloadFile(param.Parameterized):
    """One file of a :class:`DownloadButtons`: its button's text, the name and type it is saved
    under, and what makes its text on the server."""

    label = param.String(default="", doc="The button's text.")

    filename = param.String(default="download.txt", doc="The name the file is saved under.")

    mime = param.String(default="text/plain;charset=utf-8", doc="The file's media type.")

    make = param.Callable(default=None, doc="Returns the file's text; called on the server when pressed.")


class DownloadButtons(PlainJSComponent):
    """Buttons that each download a file the server makes when pressed (by mouse or keyboard), in
    rows: one component for all of them (a Bokeh model per button cost the page a model each).

    Panel's FileDownload listens for clicks on a link inside its button, so Enter or Space on
    the focused button downloads nothing. These ask the server for the text (the file's ``make``),
    which it sends back to be saved under its ``filename``.
    """

    rows = param.List(default=[], doc="Labels of the buttons, row by row (a row's buttons share its width).")

    files = param.Dict(default={}, doc="The DownloadFile of each label.")

    _rename = {"files": None}

    _esm = r"""
    export function render({ model, el }) {
      const pending = new Map()
      const draw = () => {
        el.replaceChildren()
        for (const row of model.rows) {
          const line = document.createElement('div')
          line.className = 'cd-download-row'
          for (const label of row) {
            const button = document.createElement('button')
            button.type = 'button'
            button.className = 'cd-download'
            button.textContent = label
            button.addEventListener('click', () => {
              button.setAttribute('aria-busy', 'true')
              pending.set(label, button)
              model.send_msg({ download: label })
            })
            line.appendChild(button)
          }
          el.appendChild(line)
        }
      }
      model.on('msg:custom', (msg) => {
        const button = pending.get(msg?.label)
        if (button) { button.removeAttribute('aria-busy'); pending.delete(msg.label) }
        if (typeof msg?.text !== 'string') return
        const url = URL.createObjectURL(new Blob([msg.text], { type: msg.mime }))
        const a = document.createElement('a')
        a.href = url
        a.download = msg.filename
        a.hidden = true
        el.appendChild(a)
        a.click()
        a.remove()
        setTimeout(() => URL.revokeObjectURL(url), 10000)
      })
      draw()
      model.on('rows', draw)
    }
    """

    _stylesheets = [FOCUS_CSS + """
    :host { font-family: var(--bokeh-base-font, system-ui, sans-serif); }
    .cd-download-row { display: flex; gap: 8px; margin: 3px 0; }
    .cd-download { flex: 1 1 0; min-width: 0; box-sizing: border-box; font: inherit; font-size: 13px; padding: 6px 3px;
                   background: #eef1f4; color: #212529; border: 1px solid #c5ccd3; border-radius: 4px; cursor: pointer; }
    .cd-download:hover { background: #e2e7ec; }
    .cd-download[aria-busy="true"] { cursor: progress; opacity: 0.7; }
    """]

    def _handle_msg(self, msg) -> None:
        label = msg.get("download") if isinstance(msg, dict) else None
        file = self.files.get(label) if isinstance(label, str) else None
        if file is None or file.make is None:
            return
        try:
            text = file.make()
        except Exception:  # noqa: BLE001 - the browser gets nothing, the log the traceback
            log.exception("making %s failed", file.filename)
            self._send_msg({"error": True, "label": label})
            return
        self._send_msg({"text": text, "label": label, "filename": file.filename, "mime": file.mime})


class BusyCue(PlainJSComponent):
    """"Updating the views…" from the moment a filter input sends a change until the server's update
    for it arrives: this page's own cue, with nothing shared between sessions.

    It shows itself in the browser when an input fires ``event`` (see ``busy`` on the inputs), with
    no round trip, and clears when ``done`` grows: the server adds one for each change it has
    applied, in the same message as the views' new data. A click on a plot cannot wait for its
    change to be applied (a click on no mark changes nothing): its event says ``settle`` and the cue
    asks the server itself, after the click's own messages, which the server answers in turn. ``data-shown-at`` and ``data-cleared-at``
    (``performance.now()``) tell when it last did either.
    """

    event = param.String(default="", doc="The page event the filter inputs fire when they send a change.")

    done = param.Integer(default=0, bounds=(0, None), doc="Changes the server has applied (each clears one sent).")

    text = param.String(default="Updating the views…", doc="What the cue says.")

    def _handle_msg(self, msg) -> None:
        if isinstance(msg, dict) and msg.get("settle"):  # after a click on a plot (see cue_on)
            with pn.io.unlocked():
                self.done += 1

    def settle(self, change, *args) -> None:
        """Apply a change the page sent, then clear the cue's wait for it: the views' updates and the
        cue's go to the browser in one message, so the cue clears as the views show the change."""
        with pn.io.unlocked():
            try:
                change(*args)
            finally:
                self.done += 1

    _esm = r"""
    export function render({ model, el }) {
      const box = document.createElement('div')
      box.className = 'cd-busy'
      box.setAttribute('role', 'status')
      const spinner = document.createElement('span')
      spinner.className = 'cd-spinner'
      spinner.setAttribute('aria-hidden', 'true')
      const words = document.createElement('span')
      box.append(spinner, words)
      el.appendChild(box)
      let waiting = 0, acked = model.done
      const paint = () => {
        const on = waiting > 0
        if (on === box.classList.contains('cd-on')) return
        box.classList.toggle('cd-on', on)
        box.setAttribute('aria-busy', String(on))
        words.textContent = on ? model.text : ''
        box.dataset[on ? 'shownAt' : 'clearedAt'] = String(performance.now())
      }
      // an event with detail.settle (a click on a plot) is cleared by the server's answer to this
      // cue's own message, sent after whatever the click itself sent (the next task)
      const sent = (e) => {
        waiting += 1
        paint()
        if (e?.detail?.settle) setTimeout(() => model.send_msg({ settle: true }), 0)
      }
      let listening = ''
      const listen = () => {
        if (listening) document.removeEventListener(listening, sent)
        listening = model.event
        if (listening) document.addEventListener(listening, sent)
      }
      model.on('done', () => {
        waiting = Math.max(0, waiting - Math.max(0, model.done - acked))
        acked = model.done
        paint()
      })
      model.on('event', listen)
      model.on('remove', () => { if (listening) document.removeEventListener(listening, sent) })
      listen()
    }
    """

    _stylesheets = ["""
    :host { font-family: var(--bokeh-base-font, system-ui, sans-serif); }
    .cd-busy { display: flex; align-items: center; gap: 6px; min-height: 20px; font-size: 13px; color: #1f3b57;
               visibility: hidden; }
    .cd-busy.cd-on { visibility: visible; }
    .cd-spinner { width: 12px; height: 12px; border: 2px solid #b6d0ea; border-top-color: #1f4e79;
                  border-radius: 50%; animation: cd-spin 0.8s linear infinite; }
    @keyframes cd-spin { to { transform: rotate(360deg); } }
    @media (prefers-reduced-motion: reduce) { .cd-spinner { animation: none; border-color: #1f4e79; } }
    """]
