'use strict';
// CX Pulse dashboard: the "Survey programs" panel. Edits a program's survey (questions, prompts per language,
// greeting, thanks, invalid-key prompt, the optional language choice, timing, audience), uploads or drafts prompts, saves versions, previews the
// flow with on-screen keys, activates a version per team and shows which version each agent runs. Self-contained:
// it shows itself when the board does, and every server-provided string reaches the page through textContent only.
(function () {
  const I18N = {
    en: {
      title: 'Survey programs', pick: 'Program', newProgram: 'New program', id: 'Id', name: 'Name',
      languages: 'Languages (comma-separated)', defaultLanguage: 'Default language', greeting: 'Greeting',
      thanks: 'Thanks', invalid: 'Invalid key', questions: 'Questions', question: 'Question', kind: 'Kind',
      min: 'Min', max: 'Max', prompt: 'Prompt', addQuestion: 'Add a question', up: 'Up', down: 'Down', remove: 'Remove',
      timing: 'Timing', noInputMs: 'No input (ms)', interDigitMs: 'Between digits (ms)',
      hangupSilenceMs: 'Silence = hung up (ms)', maxRetries: 'Retries', audience: 'Who is asked',
      minTalkS: 'Minimum talk (s, empty: the desk\'s own)', samplePercent: 'Share of calls (%)',
      repeatDays: 'Not the same caller within (days, where the number is known)', note: 'What changed',
      save: 'Save as a new version', saved: 'Saved version {v}.', missing: 'missing', play: 'Play',
      upload: 'Upload a WAV', draftVoice: 'Draft voice', speak: 'Speak', draft: 'draft voice',
      versions: 'Versions', activate: 'Activate', activateFor: 'for team', activated: 'Team {t} runs {p} v{v}.',
      teams: 'Teams', team: 'Team', runs: 'Runs', none: 'none', agents: 'Agents', agent: 'Agent',
      teamVersion: 'Team\'s version', agentVersion: 'Agent has', current: 'up to date', behind: 'not yet',
      preview: 'Preview', language: 'Language', start: 'Start', stepGreeting: 'Greeting',
      stepQuestion: 'Question {i} of {n}: {id} ({kind} {min}-{max})', stepInvalid: 'Not a valid choice',
      stepThanks: 'Thanks: the survey is over', answered: 'Answers', stepNoInput: 'No key pressed',
      stepAgain: 'Asked again (*)', stepEnd: 'Ended: the survey is over', chosenDefault: 'Language: {l} (default)',
      speed: 'Preview time', playing: 'Playing: {s} left', waitKey: 'Waiting for a key: {s}',
      waitDigit: 'Keyed {d}, waiting for another digit: {s}', thenAgain: 'then asked again (retry {r} of {m})',
      thenDefault: 'then the default language, {l}', thenNext: 'then question {i}', thenEnd: 'then the end of the survey',
      heard: 'What the caller hears', outNoInput: 'no key pressed', outInvalid: 'no valid answer',
      result: 'The agent records it as: {s} ({what})', statusCompleted: 'every question answered',
      statusPartial: 'some questions answered', statusNoInput: 'no question answered',
      silenceNote: 'A caller who presses nothing is asked again, then the survey moves on, as on the line. {s} s with nothing heard at all means a dead line (hung up); the preview\'s caller stays on the line.',
      uploading: 'Uploading…', by: 'by', noPrograms: 'No programs yet.', readOnly: 'Only an admin can change programs.',
      figures: 'Figures of version', show: 'Show', surveys: 'surveys', mean: 'Mean', values: 'Answers by value',
      perVersion: 'Each version\'s figures stand alone: a question worded differently is never added up with another version\'s.',
      languageChoice: 'Language choice', askLanguage: 'Ask the caller to choose a language first',
      choicePrompt: 'Choice prompt', keyFor: 'Key for {l}',
      stepChoice: 'Language choice: {keys}', chosen: 'Language: {l}'
    },
    zh: {
      title: '调查方案', pick: '方案', newProgram: '新建方案', id: '编号', name: '名称',
      languages: '语言（逗号分隔）', defaultLanguage: '默认语言', greeting: '问候语',
      thanks: '感谢语', invalid: '无效按键', questions: '问题', question: '问题', kind: '类型',
      min: '最小', max: '最大', prompt: '提示音', addQuestion: '添加问题', up: '上移', down: '下移', remove: '删除',
      timing: '时间', noInputMs: '无输入（毫秒）', interDigitMs: '按键间隔（毫秒）',
      hangupSilenceMs: '静音视为挂断（毫秒）', maxRetries: '重试次数', audience: '调查对象',
      minTalkS: '最短通话（秒，留空：用坐席电脑的设置）', samplePercent: '调查比例（%）',
      repeatDays: '同一来电者间隔天数（已知号码时）', note: '修改说明',
      save: '保存为新版本', saved: '已保存版本 {v}。', missing: '缺少', play: '播放',
      upload: '上传 WAV', draftVoice: '草稿语音', speak: '生成', draft: '草稿语音',
      versions: '版本', activate: '启用', activateFor: '团队', activated: '团队 {t} 使用 {p} v{v}。',
      teams: '团队', team: '团队', runs: '使用', none: '无', agents: '坐席', agent: '坐席',
      teamVersion: '团队版本', agentVersion: '坐席已有', current: '已更新', behind: '尚未更新',
      preview: '预览', language: '语言', start: '开始', stepGreeting: '问候语',
      stepQuestion: '第 {i} 题，共 {n} 题：{id}（{kind} {min}-{max}）', stepInvalid: '无效的选择',
      stepThanks: '感谢语：调查结束', answered: '回答', stepNoInput: '没有按键',
      stepAgain: '再问一次（*）', stepEnd: '结束：调查结束', chosenDefault: '语言：{l}（默认）',
      speed: '预览时间倍速', playing: '正在播放：还剩 {s}', waitKey: '等待按键：{s}',
      waitDigit: '已按 {d}，等待下一位：{s}', thenAgain: '然后再问一次（第 {r} 次重试，共 {m} 次）',
      thenDefault: '然后使用默认语言 {l}', thenNext: '然后第 {i} 题', thenEnd: '然后调查结束',
      heard: '来电者听到的', outNoInput: '没有按键', outInvalid: '没有有效回答',
      result: '坐席端记录为：{s}（{what}）', statusCompleted: '所有问题都已回答',
      statusPartial: '部分问题已回答', statusNoInput: '没有回答任何问题',
      silenceNote: '来电者不按键时会再问一次，然后继续下一步，与电话上一样。完全听不到任何声音 {s} 秒表示线路已断（挂断）；预览中的来电者一直在线。',
      uploading: '正在上传…', by: '由', noPrograms: '还没有方案。', readOnly: '只有管理员可以修改方案。',
      figures: '版本数据', show: '显示', surveys: '份调查', mean: '平均', values: '各分值回答数',
      perVersion: '每个版本的数据单独统计：措辞不同的问题不会与其他版本的相加。',
      languageChoice: '语言选择', askLanguage: '先请来电者选择语言',
      choicePrompt: '选择提示音', keyFor: '{l} 的按键',
      stepChoice: '语言选择：{keys}', chosen: '语言：{l}'
    }
  };
  const KINDS = { csat: [1, 5], nps: [0, 10], yesno: [0, 1], scale: [1, 5] };
  const $ = (id) => document.getElementById(id);
  const lang = () => (document.documentElement.lang === 'zh-CN' ? 'zh' : 'en');
  const t = (k, vars) => {
    let s = I18N[lang()][k] !== undefined ? I18N[lang()][k] : k;
    for (const [n, v] of Object.entries(vars || {})) s = s.replace('{' + n + '}', String(v));
    return s;
  };
  const hex = (hash) => String(hash).replace(/^sha256:/, '');

  const ps = { me: null, list: null, prompts: new Map(), draft: null, isNew: false, versions: [], preview: null };

  function el(tag, opts, children) {
    const e = document.createElement(tag);
    if (opts) {
      if (opts.cls) e.className = opts.cls;
      if (opts.text !== undefined && opts.text !== null) e.textContent = String(opts.text);
      if (opts.type) e.type = opts.type;
      if (opts.data) for (const [k, v] of Object.entries(opts.data)) e.dataset[k] = v;
      if (opts.value !== undefined) e.value = opts.value;
      if (opts.title) e.title = opts.title;
    }
    for (const c of children || []) if (c) e.appendChild(c);
    return e;
  }

  function button(text, cls, onClick) {
    const b = el('button', { type: 'button', cls, text });
    b.addEventListener('click', onClick);
    return b;
  }

  function field(label, input) {
    return el('label', { cls: 'pg-field' }, [el('span', { text: label }), input]);
  }

  function input(value, cls, onInput, type) {
    const i = el('input', { cls, type: type || 'text' });
    i.value = value === null || value === undefined ? '' : String(value);
    i.addEventListener('input', () => onInput(i.value));
    return i;
  }

  async function call(method, url, body, type) {
    const opts = { method, credentials: 'same-origin', headers: {} };
    if (body !== undefined) {
      opts.headers['Content-Type'] = type || 'application/json';
      opts.body = type ? body : JSON.stringify(body);
    }
    const r = await fetch(url, opts);
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!r.ok) throw new Error(json && json.error ? json.error : 'HTTP ' + r.status);
    return json;
  }

  function admin() { return ps.me && ps.me.role === 'admin'; }

  // ---- loading
  async function loadAll() {
    const [list, prompts] = await Promise.all([call('GET', 'api/programs'), call('GET', 'api/prompts')]);
    ps.list = list;
    ps.prompts = new Map(prompts.map((p) => [p.prompt, p]));
    renderPicker();
    renderTeams();
    await loadAgents();
  }

  async function loadAgents() {
    renderAgents(await call('GET', 'api/agents/programs'));
  }

  async function openProgram(id) {
    const p = await call('GET', 'api/programs/' + encodeURIComponent(id));
    ps.isNew = false;
    ps.versions = p.versions;
    ps.draft = {
      id: p.programId, name: p.name, note: '',
      survey: JSON.parse(JSON.stringify(p.latest.survey)), audience: Object.assign({}, p.latest.audience)
    };
    renderEditor();
    renderActivate();
  }

  function newProgram() {
    ps.isNew = true;
    ps.versions = [];
    ps.draft = {
      id: '', name: '', note: '',
      survey: { languages: ['en'], defaultLanguage: 'en', greeting: {}, thanks: {}, invalid: {},
        questions: [{ id: 'csat', kind: 'csat', prompt: {} }] },
      audience: { minTalkMs: null, samplePercent: 100, repeatDays: 0 }
    };
    renderEditor();
    renderActivate();
  }

  // ---- the program picker
  function renderPicker() {
    const pick = $('pg-pick');
    const keep = pick.value;
    const options = ps.list.programs.map((p) => el('option', { value: p.programId, text: p.name + ' (' + p.programId + ', v' + p.latestVersion + ')' }));
    pick.replaceChildren(el('option', { value: '', text: '–' }), ...options);
    if (keep && ps.list.programs.some((p) => p.programId === keep)) pick.value = keep;
    $('pg-empty').classList.toggle('hidden', ps.list.programs.length > 0);
  }

  // ---- the editor
  // `language` is both the key into `map` and the draft voice's language, unless `field` names another key.
  function promptSlot(map, language, where, field) {
    const slotKey = field || language;
    const slot = el('span', { cls: 'pg-prompt', data: { where, lang: language } });
    const draw = () => {
      const hash = map[slotKey];
      const info = hash ? ps.prompts.get(hash) : null;
      const label = el('span', { cls: 'pg-hash' + (hash ? '' : ' pg-missing'),
        text: hash ? '…' + hex(hash).slice(-8) + (info ? ' ' + (info.durationMs / 1000).toFixed(1) + ' s' : '') : t('missing') });
      const parts = [el('span', { cls: 'pg-lang', text: language }), label];
      if (info && info.draft) parts.push(el('span', { cls: 'pg-draft', text: t('draft') }));
      if (hash) parts.push(button(t('play'), 'pg-play', () => play([hash])));
      if (admin()) {
        const file = el('input', { type: 'file', cls: 'pg-file', title: t('upload') });
        file.accept = '.wav,audio/*';
        file.addEventListener('change', async () => {
          if (!file.files.length) return;
          label.textContent = t('uploading');
          try {
            const name = encodeURIComponent(file.files[0].name.slice(0, 100));
            const p = await call('POST', 'api/prompts?name=' + name, file.files[0], 'audio/wav');
            ps.prompts.set(p.prompt, p);
            map[slotKey] = p.prompt;
            error('');
          } catch (e) { error(e.message); }
          draw();
        });
        const text = el('input', { cls: 'pg-speak-text', title: t('draftVoice') });
        text.placeholder = t('draftVoice');
        const speak = button(t('speak'), 'pg-speak', async () => {
          try {
            const p = await call('POST', 'api/prompts/speak', { text: text.value, language });
            ps.prompts.set(p.prompt, p);
            map[slotKey] = p.prompt;
            error('');
          } catch (e) { error(e.message); }
          draw();
        });
        parts.push(file, text, speak);
      }
      slot.replaceChildren(...parts);
    };
    draw();
    return slot;
  }

  function promptRow(label, map, where) {
    const s = ps.draft.survey;
    return el('div', { cls: 'pg-row', data: { where } }, [el('span', { cls: 'pg-row-label', text: label }),
      ...s.languages.map((l) => promptSlot(map, l, where))]);
  }

  // The optional language choice: one prompt (usually spoken in every language) and a digit per language.
  function choiceBlock() {
    const s = ps.draft.survey;
    const on = el('input', { type: 'checkbox', cls: 'pg-choice-on' });
    on.checked = !!s.languageChoice;
    on.disabled = !admin();
    on.addEventListener('change', () => {
      if (on.checked) {
        const keys = {};
        s.languages.slice(0, 9).forEach((l, i) => { keys[String(i + 1)] = l; });
        s.languageChoice = { prompt: '', keys };
      } else {
        delete s.languageChoice;
      }
      renderEditor();
    });
    const parts = [el('label', { cls: 'pg-choice-toggle' }, [on, el('span', { text: t('askLanguage') })])];
    const c = s.languageChoice;
    if (c) {
      c.keys = c.keys || {};
      const keyInputs = s.languages.map((l) => {
        const current = Object.keys(c.keys).find((k) => c.keys[k] === l);
        const box = input(current || '', 'pg-choice-key', (v) => {
          for (const k of Object.keys(c.keys)) if (c.keys[k] === l) delete c.keys[k];
          const digit = v.trim();
          if (digit) c.keys[digit] = l;
        });
        box.dataset.lang = l;
        box.maxLength = 1;
        box.size = 2;
        return field(t('keyFor', { l }), box);
      });
      parts.push(el('div', { cls: 'pg-row', data: { where: 'languageChoice' } }, [
        el('span', { cls: 'pg-row-label', text: t('choicePrompt') }),
        promptSlot(c, s.defaultLanguage || s.languages[0], 'languageChoice', 'prompt')
      ]), el('div', { cls: 'pg-line' }, keyInputs));
    }
    return el('div', { cls: 'pg-choice' }, parts);
  }

  function questionBlock(q, i) {
    const s = ps.draft.survey;
    q.prompt = q.prompt || {};
    const kind = el('select', { cls: 'q-kind' }, Object.keys(KINDS).map((k) => el('option', { value: k, text: k })));
    kind.value = q.kind;
    kind.addEventListener('change', () => {
      q.kind = kind.value;
      if (q.kind === 'scale') { q.min = q.min === undefined ? 1 : q.min; q.max = q.max === undefined ? 5 : q.max; } else { delete q.min; delete q.max; }
      renderEditor();
    });
    const head = [
      el('strong', { text: t('question') + ' ' + (i + 1) }),
      field(t('id'), input(q.id, 'q-id', (v) => { q.id = v; })),
      field(t('kind'), kind)
    ];
    if (q.kind === 'scale') {
      head.push(field(t('min'), input(q.min, 'q-min', (v) => { q.min = Number(v); }, 'number')));
      head.push(field(t('max'), input(q.max, 'q-max', (v) => { q.max = Number(v); }, 'number')));
    }
    if (admin()) {
      head.push(button(t('up'), 'q-up', () => { if (i > 0) { s.questions.splice(i - 1, 0, s.questions.splice(i, 1)[0]); renderEditor(); } }));
      head.push(button(t('down'), 'q-down', () => { if (i < s.questions.length - 1) { s.questions.splice(i + 1, 0, s.questions.splice(i, 1)[0]); renderEditor(); } }));
      head.push(button(t('remove'), 'q-remove', () => { s.questions.splice(i, 1); renderEditor(); }));
    }
    return el('div', { cls: 'pg-question', data: { index: String(i) } }, [el('div', { cls: 'pg-qhead' }, head),
      promptRow(t('prompt'), q.prompt, 'questions[' + i + ']')]);
  }

  function renderEditor() {
    const d = ps.draft;
    const root = $('pg-editor');
    if (!d) { root.replaceChildren(); return; }
    const s = d.survey;
    s.greeting = s.greeting || {};
    s.thanks = s.thanks || {};
    s.invalid = s.invalid || {};
    s.timing = s.timing || {};
    const langs = input(s.languages.join(', '), 'pg-languages', (v) => {
      s.languages = v.split(',').map((x) => x.trim()).filter((x) => x);
      const c = s.languageChoice;
      if (c && c.keys) for (const k of Object.keys(c.keys)) if (!s.languages.includes(c.keys[k])) delete c.keys[k];
    });
    langs.addEventListener('change', renderEditor);
    const defLang = el('select', { cls: 'pg-default-language' }, s.languages.map((l) => el('option', { value: l, text: l })));
    defLang.value = s.defaultLanguage && s.languages.includes(s.defaultLanguage) ? s.defaultLanguage : s.languages[0] || '';
    s.defaultLanguage = defLang.value;
    defLang.addEventListener('change', () => { s.defaultLanguage = defLang.value; });
    const head = [];
    if (ps.isNew) {
      head.push(field(t('id'), input(d.id, 'pg-id', (v) => { d.id = v; })));
    }
    head.push(field(t('name'), input(d.name, 'pg-name', (v) => { d.name = v; })));
    head.push(field(t('languages'), langs), field(t('defaultLanguage'), defLang));
    const timing = ['noInputMs', 'interDigitMs', 'hangupSilenceMs', 'maxRetries'].map((k) =>
      field(t(k), input(s.timing[k], 'pg-' + k, (v) => { if (v === '') delete s.timing[k]; else s.timing[k] = Number(v); }, 'number')));
    const a = d.audience;
    const audience = [
      field(t('minTalkS'), input(a.minTalkMs === null || a.minTalkMs === undefined ? '' : a.minTalkMs / 1000, 'pg-min-talk',
        (v) => { a.minTalkMs = v === '' ? null : Math.round(Number(v) * 1000); }, 'number')),
      field(t('samplePercent'), input(a.samplePercent, 'pg-sample', (v) => { a.samplePercent = Number(v); }, 'number')),
      field(t('repeatDays'), input(a.repeatDays, 'pg-repeat', (v) => { a.repeatDays = Number(v); }, 'number'))
    ];
    const parts = [
      el('div', { cls: 'pg-line' }, head),
      el('h3', { text: t('languageChoice') }),
      choiceBlock(),
      promptRow(t('greeting'), s.greeting, 'greeting'),
      promptRow(t('invalid'), s.invalid, 'invalid'),
      promptRow(t('thanks'), s.thanks, 'thanks'),
      el('h3', { text: t('questions') }),
      ...s.questions.map(questionBlock)
    ];
    if (admin()) {
      parts.push(button(t('addQuestion'), 'pg-add', () => {
        s.questions.push({ id: 'q' + (s.questions.length + 1), kind: 'scale', min: 1, max: 5, prompt: {} });
        renderEditor();
      }));
    }
    parts.push(el('h3', { text: t('timing') }), el('div', { cls: 'pg-line' }, timing),
      el('h3', { text: t('audience') }), el('div', { cls: 'pg-line' }, audience));
    if (admin()) {
      parts.push(el('div', { cls: 'pg-line' }, [field(t('note'), input(d.note, 'pg-note', (v) => { d.note = v; })),
        button(t('save'), 'pg-save', save)]));
    } else {
      parts.push(el('p', { cls: 'muted small', text: t('readOnly') }));
    }
    root.replaceChildren(...parts);
    renderPreviewControls();
  }

  function error(text) { $('pg-error').textContent = text; if (text) $('pg-status').textContent = ''; }

  async function save() {
    const d = ps.draft;
    const body = { survey: d.survey, audience: d.audience };
    if (d.note) body.note = d.note;
    if (d.name) body.name = d.name;
    try {
      let v;
      if (ps.isNew) {
        body.id = d.id;
        v = await call('POST', 'api/programs', body);
      } else {
        v = await call('POST', 'api/programs/' + encodeURIComponent(d.id) + '/versions', body);
      }
      error('');
      $('pg-status').textContent = t('saved', { v: v.version });
      await loadAll();
      $('pg-pick').value = v.programId;
      await openProgram(v.programId);
      $('pg-status').textContent = t('saved', { v: v.version });
    } catch (e) { error(e.message); }
  }

  // ---- activation, teams and agents
  function renderFigures() {
    const root = $('pg-figures');
    if (!ps.draft || ps.isNew) { root.replaceChildren(); return; }
    const version = el('select', { cls: 'pg-figures-version' }, ps.versions.map((v) => el('option', { value: String(v.version), text: 'v' + v.version })));
    const table = el('table', { cls: 'pg-figures-table' });
    const summary = el('span', { cls: 'pg-figures-summary muted' });
    const show = button(t('show'), 'pg-figures-show', async () => {
      try {
        const r = await call('GET', 'api/programs/' + encodeURIComponent(ps.draft.id) + '/versions/' + version.value + '/results');
        summary.textContent = 'v' + r.version + ': ' + r.surveys + ' ' + t('surveys');
        table.replaceChildren(
          el('thead', null, [el('tr', null, [t('question'), t('kind'), t('answered'), t('mean'), 'NPS', t('values')].map((h) => el('th', { text: h })))]),
          el('tbody', null, r.questions.map((q) => el('tr', { data: { question: q.questionId } }, [
            el('td', { text: q.questionId }),
            el('td', { text: q.kind + ' ' + q.min + '-' + q.max }),
            el('td', { cls: 'num', text: q.answered }),
            el('td', { cls: 'num', text: q.mean === null ? '–' : q.mean }),
            el('td', { cls: 'num', text: q.nps === undefined || q.nps === null ? '–' : q.nps }),
            el('td', { text: Object.entries(q.values).map(([v, n]) => v + ': ' + n).join(', ') })
          ])))
        );
      } catch (e) { error(e.message); }
    });
    root.replaceChildren(el('div', { cls: 'pg-line' }, [el('span', { text: t('figures') }), version, show, summary]),
      el('p', { cls: 'muted small', text: t('perVersion') }), table);
  }

  function renderActivate() {
    renderFigures();
    const root = $('pg-activate');
    if (!ps.draft || ps.isNew || !admin()) { root.replaceChildren(); return; }
    const version = el('select', { cls: 'pg-version' }, ps.versions.map((v) =>
      el('option', { value: String(v.version), text: 'v' + v.version + ' · ' + new Date(v.createdMs).toLocaleString() + ' · ' + t('by') + ' ' + v.createdBy + (v.note ? ' · ' + v.note : '') })));
    const team = el('select', { cls: 'pg-team' }, ps.list.teams.map((tm) => el('option', { value: tm.team, text: tm.name })));
    const go = button(t('activate'), 'pg-activate-button', async () => {
      try {
        const a = await call('POST', 'api/teams/' + encodeURIComponent(team.value) + '/program',
          { programId: ps.draft.id, version: Number(version.value) });
        error('');
        $('pg-status').textContent = t('activated', { t: a.team, p: a.programId, v: a.version });
        await loadAll();
      } catch (e) { error(e.message); }
    });
    root.replaceChildren(el('span', { text: t('versions') }), version, el('span', { text: t('activateFor') }), team, go);
  }

  function renderTeams() {
    $('pg-teams').replaceChildren(...ps.list.teams.map((tm) => el('tr', { data: { team: tm.team } }, [
      el('td', { text: tm.name }),
      el('td', { cls: 'pg-runs', text: tm.active ? tm.active.programId + ' v' + tm.active.version : t('none') })
    ])));
  }

  function renderAgents(rows) {
    $('pg-agents').replaceChildren(...rows.map((r) => el('tr', { data: { agent: r.agentId } }, [
      el('td', { text: r.displayName }),
      el('td', { text: r.team }),
      el('td', { cls: 'pg-team-version', text: r.teamProgram ? r.teamProgram + ' v' + r.teamVersion : t('none') }),
      el('td', { cls: 'pg-agent-version', text: r.programId ? r.programId + ' v' + r.version : t('none') }),
      el('td', { cls: 'pg-current', text: r.teamProgram ? t(r.current ? 'current' : 'behind') : '' })
    ])));
  }

  // ---- preview: the agent's survey rules (SurveyEngine in the agent module) walked with on-screen keys, on a clock
  // of the preview's own. A prompt lasts as long as its recording (its audio plays alongside); the no-input and
  // between-digits timers, the retries, the invalid-key prompt and the end are the agent's, from the program's own
  // timing. The preview's caller stays on the line, so the silence that means a dead line never comes.
  const TIMING = { noInputMs: 5000, interDigitMs: 2000, hangupSilenceMs: 10000, maxRetries: 2 };
  const SPEEDS = [1, 2, 5, 10];
  const audio = () => $('pg-audio');
  let previewTimer = null;

  function play(hashes, rate) {
    const queue = hashes.filter((h) => h);
    const a = audio();
    if (!a) return;
    const next = () => {
      if (!queue.length) { a.onended = null; return; }
      a.src = 'api/prompts/' + hex(queue.shift());
      try { a.playbackRate = rate || 1; } catch (e) { a.playbackRate = 1; }
      a.onended = next;
      a.play().catch(() => {});
    };
    next();
  }

  function hush() {
    const a = audio();
    if (a) { a.onended = null; a.pause(); }
  }

  function renderPreviewControls() {
    const s = ps.draft && ps.draft.survey;
    const pick = $('pg-preview-lang');
    pick.replaceChildren(...(s ? s.languages : []).map((l) => el('option', { value: l, text: l })));
    if (s && s.defaultLanguage) pick.value = s.defaultLanguage;
    $('pg-preview').classList.toggle('hidden', !s);
    const note = $('pg-preview-note');
    if (note && s) note.textContent = t('silenceNote', { s: previewTiming(s).hangupSilenceMs / 1000 });
  }

  function previewTiming(s) {
    const out = {};
    for (const [k, d] of Object.entries(TIMING)) {
      const v = s.timing ? s.timing[k] : undefined;
      out[k] = v === undefined || v === null || v === '' || !Number.isFinite(Number(v)) ? d : Number(v);
    }
    return out;
  }

  // A question's range and keypad, as the agent's Question has them: yes is keyed 1 and no 2.
  function range(q) { return q.kind === 'scale' ? [Number(q.min), Number(q.max)] : KINDS[q.kind] || [0, -1]; }
  function keyedFor(q, answer) { return q.kind === 'yesno' ? (answer === 1 ? 1 : 2) : answer; }
  function answerFor(q, keyed) {
    if (q.kind === 'yesno') return keyed === 1 ? 1 : keyed === 2 ? 0 : -1;
    const [min, max] = range(q);
    return keyed >= min && keyed <= max ? keyed : -1;
  }

  function speed() {
    const v = Number($('pg-speed') ? $('pg-speed').value : 1);
    return SPEEDS.includes(v) ? v : 1;
  }

  function stopTimer() {
    if (previewTimer) clearInterval(previewTimer);
    previewTimer = null;
  }

  function startPreview() {
    stopTimer();
    hush();
    const s = JSON.parse(JSON.stringify(ps.draft.survey));
    const p = {
      s, t: previewTiming(s), now: 0, real: performance.now(), phase: '', language: null, chosen: null, prompt: null,
      index: -1, asked: false, pending: '', pendingStart: 0, pendingEnd: 0, retries: 0, repeated: false,
      anyKey: false, waitingSince: -1, typeAhead: [], results: [], heard: [], step: [], status: null
    };
    ps.preview = p;
    if (s.languageChoice) {
      enterStep(-1);
    } else {
      p.language = $('pg-preview-lang').value || s.defaultLanguage || s.languages[0];
      startGreeting();
    }
    pump();
    renderPreview();
    previewTimer = setInterval(tick, 50);
  }

  function tick() {
    const p = ps.preview;
    if (!p || p.phase === 'done') { stopTimer(); return; }
    catchUp();
    renderPreview();
  }

  // Moves the preview's clock to now, handling each timer that falls due on the way at its own moment.
  function catchUp() {
    const p = ps.preview;
    const real = performance.now();
    const target = p.now + (real - p.real) * speed();
    p.real = real;
    for (let guard = 0; p.phase !== 'done' && guard < 10000; guard++) {
      const due = nextDue(p);
      if (due > target) break;
      p.now = Math.max(p.now, due);
      if (p.prompt && p.prompt.endsAt <= p.now) promptEnded();
      pump();
    }
    p.now = Math.max(p.now, target);
  }

  function nextDue(p) {
    if (p.prompt) return p.prompt.endsAt;
    if (p.phase !== 'language' && p.phase !== 'questions') return Infinity;
    if (p.pending) return p.pendingEnd + p.t.interDigitMs;
    if (p.asked && p.waitingSince >= 0) return p.waitingSince + p.t.noInputMs;
    return Infinity;
  }

  // An on-screen key: stops the prompt playing (barge-in), then is taken as the agent takes a key.
  function key(k) {
    const p = ps.preview;
    if (!p || p.phase === 'done') return;
    catchUp();
    if (p.prompt) stopPrompt(p.now);
    if (p.phase !== 'done') {
      p.typeAhead.push({ key: k, at: p.now });
      pump();
    }
    renderPreview();
  }

  function pump() {
    const p = ps.preview;
    while (p.phase === 'language' || p.phase === 'questions') {
      if (p.typeAhead.length) {
        const k = p.typeAhead[0];
        if (p.pending && k.at - p.pendingEnd >= p.t.interDigitMs) { settlePending(); continue; }
        p.typeAhead.shift();
        handleKey(k);
        continue;
      }
      if (p.pending) {
        if (p.now - p.pendingEnd >= p.t.interDigitMs) { settlePending(); continue; }
        return;
      }
      if (p.prompt) return;
      if (!p.asked) { ask(false, null); return; }
      if (p.waitingSince < 0) p.waitingSince = p.now;
      if (p.now - p.waitingSince >= p.t.noInputMs) { noInput(); continue; }
      return;
    }
  }

  function handleKey(k) {
    const p = ps.preview;
    p.anyKey = true;
    if (p.prompt) stopPrompt(k.at);
    const c = k.key;
    if (c === '*') { p.pending = ''; ask(false, 'stepAgain'); return; }
    if (c === '#') { if (p.pending) settlePending(); return; }
    if (c < '0' || c > '9') { invalidEntry(); return; }
    const digits = p.pending + c;
    if (isAnswer(digits) && !canGrow(digits)) {
      p.pending = '';
      answer(Number(digits));
    } else if (canGrow(digits)) {
      p.pending = digits;
      p.pendingStart = k.at;
      p.pendingEnd = k.at;
    } else if (p.pending && isAnswer(p.pending)) {
      // The key cannot extend the answer so far: that answer stands and the key belongs to the next question.
      const value = Number(p.pending);
      p.pending = '';
      p.typeAhead.unshift(k);
      answer(value);
    } else {
      invalidEntry();
    }
  }

  function isAnswer(digits) {
    const p = ps.preview;
    if (digits.length > 3 || (digits.length > 1 && digits[0] === '0')) return false;
    const v = Number(digits);
    if (p.phase === 'language') return v <= 9 && Object.prototype.hasOwnProperty.call(p.s.languageChoice.keys, String(v));
    return answerFor(p.s.questions[p.index], v) >= 0;
  }

  function canGrow(digits) {
    const p = ps.preview;
    if (p.phase === 'language' || digits[0] === '0') return false;
    const q = p.s.questions[p.index];
    const [min, max] = range(q);
    for (let v = min; v <= max; v++) {
      const s = String(keyedFor(q, v));
      if (s.length > digits.length && s.startsWith(digits)) return true;
    }
    return false;
  }

  function settlePending() {
    const p = ps.preview;
    const digits = p.pending;
    p.pending = '';
    if (isAnswer(digits)) answer(Number(digits)); else invalidEntry();
  }

  function invalidEntry() {
    const p = ps.preview;
    p.pending = '';
    if (p.retries < p.t.maxRetries) {
      p.retries++;
      ask(true, 'stepInvalid');
    } else {
      settleUnanswered('invalid');
    }
  }

  // No key for the no-input time after a prompt: the question once more (one retry), then the survey moves on.
  function noInput() {
    const p = ps.preview;
    if (!p.repeated && p.retries < p.t.maxRetries) {
      p.retries++;
      p.repeated = true;
      ask(false, 'stepNoInput');
    } else {
      settleUnanswered(p.anyKey ? 'invalid' : 'no-input');
    }
  }

  function answer(value) {
    const p = ps.preview;
    if (p.phase === 'language') { choose(p.s.languageChoice.keys[String(value)], false); return; }
    const q = p.s.questions[p.index];
    const v = answerFor(q, value);
    p.results.push({ id: q.id, outcome: 'answered', value: q.kind === 'yesno' ? (v === 1 ? 'yes' : 'no') : v });
    nextQuestion();
  }

  function settleUnanswered(outcome) {
    const p = ps.preview;
    if (p.phase === 'language') { choose(p.s.defaultLanguage || p.s.languages[0], true); return; }
    p.results.push({ id: p.s.questions[p.index].id, outcome, value: null });
    nextQuestion();
  }

  function choose(language, byDefault) {
    const p = ps.preview;
    p.language = language;
    p.chosen = { l: language, byDefault };
    const pick = $('pg-preview-lang');
    if (pick) pick.value = language;
    startGreeting();
  }

  function startGreeting() {
    const p = ps.preview;
    const greeting = (p.s.greeting || {})[p.language];
    if (!greeting || p.typeAhead.length) { enterStep(0); return; }
    p.phase = 'greeting';
    playPrompt([greeting], [{ k: 'stepGreeting' }]);
  }

  function nextQuestion() {
    const p = ps.preview;
    if (p.index + 1 < p.s.questions.length) { enterStep(p.index + 1); return; }
    p.typeAhead = [];
    p.pending = '';
    p.phase = 'thanks';
    const thanks = (p.s.thanks || {})[p.language];
    if (thanks) playPrompt([thanks], [{ k: 'stepThanks' }]); else finish();
  }

  // Makes question i current; -1 is the language choice.
  function enterStep(i) {
    const p = ps.preview;
    p.phase = i < 0 ? 'language' : 'questions';
    p.index = i;
    p.asked = false;
    p.pending = '';
    p.retries = 0;
    p.repeated = false;
    p.anyKey = false;
    p.waitingSince = -1;
    p.prompt = null;
  }

  function ask(afterInvalid, why) {
    const p = ps.preview;
    const sources = [];
    let step;
    if (p.phase === 'language') {
      const c = p.s.languageChoice;
      sources.push(c.prompt);
      step = { k: 'stepChoice', vars: { keys: Object.keys(c.keys).sort().map((k) => k + ': ' + c.keys[k]).join(', ') } };
    } else {
      const q = p.s.questions[p.index];
      if (afterInvalid) sources.push((p.s.invalid || {})[p.language]);
      sources.push((q.prompt || {})[p.language]);
      const r = range(q);
      step = { k: 'stepQuestion', vars: { i: p.index + 1, n: p.s.questions.length, id: q.id, kind: q.kind, min: r[0], max: r[1] } };
    }
    p.asked = true;
    p.waitingSince = -1;
    playPrompt(sources, why ? [{ k: why }, step] : [step]);
  }

  // A prompt lasts as long as its recordings; a missing one takes no time.
  function playPrompt(sources, step) {
    const p = ps.preview;
    const hashes = sources.filter((h) => h);
    const ms = hashes.reduce((sum, h) => sum + (ps.prompts.get(h) ? Number(ps.prompts.get(h).durationMs) || 0 : 0), 0);
    p.prompt = { endsAt: p.now + ms };
    p.step = step;
    p.heard.push({ step, prompts: hashes });
    play(hashes, speed());
  }

  function promptEnded() {
    const p = ps.preview;
    const at = p.prompt.endsAt;
    p.prompt = null;
    promptStopped(at);
  }

  function stopPrompt(at) {
    ps.preview.prompt = null;
    hush();
    promptStopped(at);
  }

  function promptStopped(at) {
    const p = ps.preview;
    if (p.phase === 'greeting') enterStep(0);
    else if (p.phase === 'thanks') finish();
    else if (p.phase === 'language' || p.phase === 'questions') p.waitingSince = at;
  }

  function finish() {
    const p = ps.preview;
    p.phase = 'done';
    p.prompt = null;
    p.typeAhead = [];
    const answered = p.results.filter((r) => r.outcome === 'answered').length;
    p.status = answered === p.s.questions.length ? 'completed' : answered > 0 ? 'partial' : 'no-input';
    stopTimer();
  }

  const STATUS = { completed: 'statusCompleted', partial: 'statusPartial', 'no-input': 'statusNoInput' };
  const seconds = (ms) => (Math.max(0, ms) / 1000).toFixed(1) + ' s';
  const stepText = (parts) => parts.map((d) => t(d.k, d.vars)).join(' · ');

  // What a caller pressing nothing gets when the no-input time runs out.
  function thenText(p) {
    if (!p.repeated && p.retries < p.t.maxRetries) return t('thenAgain', { r: p.retries + 1, m: p.t.maxRetries });
    if (p.phase === 'language') return t('thenDefault', { l: p.s.defaultLanguage || p.s.languages[0] });
    if (p.index + 1 < p.s.questions.length) return t('thenNext', { i: p.index + 2 });
    return t('thenEnd');
  }

  function renderPreview() {
    const p = ps.preview;
    if (!p || !$('pg-step')) return;
    let step;
    if (p.phase === 'done') step = [{ k: 'stepEnd' }];
    else if (p.chosen) step = [{ k: p.chosen.byDefault ? 'chosenDefault' : 'chosen', vars: { l: p.chosen.l } }, ...p.step];
    else step = p.step;
    $('pg-step').textContent = stepText(step);
    $('pg-preview-note').textContent = t('silenceNote', { s: p.t.hangupSilenceMs / 1000 });
    let count = '';
    if (p.phase !== 'done') {
      if (p.prompt) count = t('playing', { s: seconds(p.prompt.endsAt - p.now) });
      else if (p.pending) count = t('waitDigit', { d: p.pending, s: seconds(p.pendingEnd + p.t.interDigitMs - p.now) });
      else if (p.asked && p.waitingSince >= 0) count = t('waitKey', { s: seconds(p.waitingSince + p.t.noInputMs - p.now) }) + ' · ' + thenText(p);
    }
    const countdown = $('pg-countdown');
    countdown.textContent = count;
    countdown.dataset.state = p.phase === 'done' ? '' : p.prompt ? 'playing' : p.pending ? 'digit' : count ? 'waiting' : '';
    $('pg-heard').replaceChildren(...p.heard.map((h) => el('li', { text: stepText(h.step), data: { prompts: h.prompts.join(' ') } })));
    $('pg-answers').replaceChildren(...p.results.map((r) => el('li', { data: { question: r.id, outcome: r.outcome },
      text: r.id + ': ' + (r.outcome === 'answered' ? r.value : t(r.outcome === 'invalid' ? 'outInvalid' : 'outNoInput')) })));
    const result = $('pg-result');
    result.textContent = p.status ? t('result', { s: p.status, what: t(STATUS[p.status]) }) : '';
    result.dataset.status = p.status || '';
  }

  // ---- the panel itself
  function build() {
    const root = $('programs');
    const pick = el('select', { cls: 'pg-pick' });
    pick.id = 'pg-pick';
    pick.addEventListener('change', () => { if (pick.value) openProgram(pick.value).catch((e) => error(e.message)); });
    const keys = el('div', { cls: 'pg-keys' }, ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'].map((k) =>
      button(k, 'pg-key', () => key(k))));
    keys.querySelectorAll('button').forEach((b) => { b.dataset.key = b.textContent; });
    const previewLang = el('select');
    previewLang.id = 'pg-preview-lang';
    const speedPick = el('select', { cls: 'pg-speed' }, SPEEDS.map((v) => el('option', { value: String(v), text: '×' + v })));
    speedPick.id = 'pg-speed';
    speedPick.addEventListener('change', () => {
      if (ps.preview && ps.preview.prompt) { try { audio().playbackRate = speed(); } catch (e) { /* kept as it was */ } }
    });
    const player = el('audio');
    player.id = 'pg-audio';
    player.controls = true;
    const ids = (e, id) => { e.id = id; return e; };
    const toolbar = el('div', { cls: 'toolbar' }, [el('h2', { text: t('title') }), el('span', { cls: 'spacer' }),
      field(t('pick'), pick), admin() ? button(t('newProgram'), 'pg-new', newProgram) : null]);
    root.replaceChildren(
      toolbar,
      ids(el('p', { cls: 'muted', text: t('noPrograms') }), 'pg-empty'),
      ids(el('div', { cls: 'pg-editor' }), 'pg-editor'),
      ids(el('p', { cls: 'error', data: {} }), 'pg-error'),
      ids(el('p', { cls: 'made' }), 'pg-status'),
      ids(el('div', { cls: 'pg-line' }), 'pg-activate'),
      ids(el('div', { cls: 'pg-figures' }), 'pg-figures'),
      ids(el('div', { cls: 'pg-preview hidden' }, [
        el('h3', { text: t('preview') }),
        el('div', { cls: 'pg-line' }, [field(t('language'), previewLang), field(t('speed'), speedPick),
          button(t('start'), 'pg-start', startPreview), player]),
        ids(el('p', { cls: 'muted small' }), 'pg-preview-note'),
        ids(el('p', { cls: 'pg-step' }), 'pg-step'),
        ids(el('p', { cls: 'pg-countdown' }), 'pg-countdown'),
        keys,
        ids(el('p', { cls: 'pg-result' }), 'pg-result'),
        el('h4', { text: t('answered') }),
        ids(el('ul', { cls: 'pg-answers' }), 'pg-answers'),
        el('h4', { text: t('heard') }),
        ids(el('ol', { cls: 'pg-heard' }), 'pg-heard')
      ]), 'pg-preview'),
      el('h3', { text: t('teams') }),
      el('table', null, [el('thead', null, [el('tr', null, [el('th', { text: t('team') }), el('th', { text: t('runs') })])]),
        ids(el('tbody'), 'pg-teams')]),
      el('h3', { text: t('agents') }),
      el('table', null, [el('thead', null, [el('tr', null, ['agent', 'team', 'teamVersion', 'agentVersion', ''].map((k) => el('th', { text: k ? t(k) : '' })))]),
        ids(el('tbody'), 'pg-agents')])
    );
    $('pg-error').setAttribute('role', 'alert');
    $('pg-status').setAttribute('role', 'status');
  }

  async function show() {
    try {
      ps.me = await call('GET', 'api/me');
    } catch (e) { return; }
    $('programs').classList.remove('hidden');
    build();
    await loadAll();
  }

  /** Draws the panel again in the page's language, keeping what is being edited. */
  function redraw() {
    if (!ps.list) return;
    const open = $('pg-pick').value;
    build();
    renderPicker();
    $('pg-pick').value = open;
    renderTeams();
    renderEditor();
    renderActivate();
    renderPreview();
    loadAgents().catch((e) => console.warn('programs', e));
  }

  document.addEventListener('DOMContentLoaded', () => {
    const board = $('board-view');
    const root = $('programs');
    if (!board || !root) return;
    let visible = false;
    const check = () => {
      const now = !board.classList.contains('hidden');
      if (now && !visible) show().catch((e) => console.warn('programs', e));
      if (!now) { root.classList.add('hidden'); ps.draft = null; ps.preview = null; stopTimer(); hush(); }
      visible = now;
    };
    new MutationObserver(check).observe(board, { attributes: true, attributeFilter: ['class'] });
    // The language button redraws the panel in the new language, keeping the program being edited.
    new MutationObserver(() => { if (visible) redraw(); })
      .observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    setInterval(() => { if (visible && ps.list) loadAgents().catch(() => {}); }, 10000);
    check();
  });
})();
