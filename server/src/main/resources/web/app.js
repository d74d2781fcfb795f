'use strict';
// CX Pulse supervisor dashboard. Every server-provided string reaches the page through textContent only.
(function () {
  const I18N = {
    en: {
      offline: 'offline', online: 'online', live: 'live', reconnecting: 'reconnecting…', login: 'Log in', logout: 'Log out',
      username: 'Username', password: 'Password', window: 'Window', today: 'Today', lastHour: 'Last hour',
      export: "Export today's surveys (CSV)", alerts: 'Alerts', noAlerts: 'No open alerts.', close: 'Close',
      ended: 'Ended', status: 'Status', resolved: 'Resolved', language: 'Language', call: 'Call',
      legend: 'NPS is shown with its 95% margin of error and sample size; "fair" NPS is shrunk toward the center\'s score so that a few answers cannot top the list. Marked scores have fewer than 30 answers.',
      agent: 'Agent', nps: 'NPS ± margin', fair: 'Fair NPS', csat: 'CSAT', top2: 'CSAT top-2', resolution: 'Resolution',
      responses: 'Responses', calls: 'Calls', talk: 'Talk time', mute: 'Mute', callerEnded: 'Caller hung up first', teamTotal: 'Team total',
      smallSample: 'Small sample: fewer than 30 answers', acknowledge: 'Acknowledge', addNote: 'Note', save: 'Save',
      closeAlert: 'Close', detractor: 'Detractor', loginFailed: 'Wrong username or password.',
      updated: 'Updated', surveysOf: 'Recent surveys of', noSurveys: 'No surveys yet.', acknowledgedBy: 'acknowledged by',
      yes: 'yes', no: 'no', lastDays: 'Last 7 days', day: 'Day', recent: 'Recent surveys',
      due: 'Due', overdue: 'Overdue', overdueBy: 'Overdue by', escalated: 'Escalated to admins', trend: 'Trend',
      outcome: 'Outcome', 'reached': 'Reached', 'not-reached': 'Not reached', 'no-action': 'No action',
      outcomeResolved: 'Resolved', confirmClose: 'Close with outcome', history: 'History',
      'act-raised': 'raised', 'act-acknowledged': 'acknowledged', 'act-noted': 'note', 'act-escalated': 'escalated',
      'act-closed': 'closed', followUp: 'Follow-up (last 7 days)', firstAction: 'First action',
      toClose: 'To close', inTime: 'Closed in time', noFollowUp: 'No alerts in these days.', system: 'system',
      followUpLegend: 'Median times from the alert to the first action and to closing; closed in time out of the alerts closed or past their deadline.',
      enrolTitle: "Enrol an agent's desk", agentId: 'Agent id', newName: 'Name (a new agent)', newTeam: 'Team (a new agent)',
      enrolHelp: "The code is typed into the agent app's set-up at the desk. It is valid for 24 hours and works once; it is shown only now.",
      makeCode: 'Make a code', codeFor: 'Code for', pendingCodes: 'Codes not yet used', team: 'Team', madeBy: 'Made by',
      madeAt: 'Made', expires: 'Expires', noCodes: 'No codes waiting.'
    },
    zh: {
      offline: '离线', online: '在线', live: '实时', reconnecting: '正在重连…', login: '登录', logout: '退出',
      username: '用户名', password: '密码', window: '时段', today: '今天', lastHour: '最近一小时',
      export: '导出今天的调查 (CSV)', alerts: '警报', noAlerts: '没有未处理的警报。', close: '关闭',
      ended: '结束时间', status: '状态', resolved: '已解决', language: '语言', call: '通话',
      legend: 'NPS 显示 95% 误差范围和样本量；“公平” NPS 向中心整体分数收缩，少量回答无法排到最前。带标记的分数回答少于 30 个。',
      agent: '坐席', nps: 'NPS ± 误差', fair: '公平 NPS', csat: 'CSAT', top2: 'CSAT 前两档', resolution: '解决率',
      responses: '回复', calls: '通话数', talk: '通话时长', mute: '静音', callerEnded: '客户先挂断', teamTotal: '团队合计',
      smallSample: '样本小：回答少于 30 个', acknowledge: '确认', addNote: '备注', save: '保存',
      closeAlert: '关闭', detractor: '贬损者', loginFailed: '用户名或密码错误。',
      updated: '更新于', surveysOf: '最近的调查：', noSurveys: '暂无调查。', acknowledgedBy: '确认人',
      yes: '是', no: '否', lastDays: '最近 7 天', day: '日期', recent: '最近的调查',
      due: '截止', overdue: '已逾期', overdueBy: '已逾期', escalated: '已上报管理员', trend: '趋势',
      outcome: '结果', 'reached': '已联系上', 'not-reached': '未联系上', 'no-action': '无需处理',
      outcomeResolved: '已解决', confirmClose: '按此结果关闭', history: '记录',
      'act-raised': '产生', 'act-acknowledged': '确认', 'act-noted': '备注', 'act-escalated': '上报',
      'act-closed': '关闭', followUp: '跟进（最近 7 天）', firstAction: '首次处理',
      toClose: '关闭用时', inTime: '按时关闭', noFollowUp: '这几天没有警报。', system: '系统',
      followUpLegend: '从警报到首次处理和到关闭的用时中位数；按时关闭占已关闭或已过截止时间的警报的比例。',
      enrolTitle: '为坐席的电脑注册', agentId: '坐席编号', newName: '姓名（新坐席）', newTeam: '团队（新坐席）',
      enrolHelp: '在坐席电脑上的应用设置中输入此代码。代码 24 小时内有效，只能使用一次；只在此时显示。',
      makeCode: '生成代码', codeFor: '代码，坐席', pendingCodes: '尚未使用的代码', team: '团队', madeBy: '生成人',
      madeAt: '生成时间', expires: '过期时间', noCodes: '没有等待使用的代码。'
    }
  };
  let lang = localStorage.getItem('cx.lang') === 'zh' ? 'zh' : 'en';
  const t = (k) => (I18N[lang][k] !== undefined ? I18N[lang][k] : k);

  const state = { me: null, agents: new Map(), teams: new Map(), alerts: new Map(), generatedMs: 0, source: null, trails: new Map(), clockOffsetMs: 0 };
  const $ = (id) => document.getElementById(id);

  function el(tag, opts, children) {
    const e = document.createElement(tag);
    if (opts) {
      if (opts.cls) e.className = opts.cls;
      if (opts.text !== undefined && opts.text !== null) e.textContent = String(opts.text);
      if (opts.title) e.title = opts.title;
      if (opts.data) for (const [k, v] of Object.entries(opts.data)) e.dataset[k] = v;
      if (opts.type) e.type = opts.type;
    }
    for (const c of children || []) if (c) e.appendChild(c);
    return e;
  }

  // ---- formatting
  const fmt1 = (x) => (x === null || x === undefined ? '–' : x.toFixed(1));
  const pct = (x) => (x === null || x === undefined ? '–' : Math.round(x * 100) + '%');
  function dur(ms) {
    const s = Math.round(ms / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return h > 0 ? h + 'h ' + String(m).padStart(2, '0') + 'm' : m + 'm ' + String(r).padStart(2, '0') + 's';
  }
  const time = (ms) => new Date(ms).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : undefined);

  function npsCell(m) {
    const td = el('td', { cls: 'num nps' });
    const score = el('span', { cls: 'score', text: m.nps.score === null ? '–' : Math.round(m.nps.score) });
    td.appendChild(score);
    if (m.nps.margin !== null) td.appendChild(el('span', { cls: 'margin', text: ' ±' + Math.round(m.nps.margin) }));
    td.appendChild(el('span', { cls: 'n', text: ' n=' + m.nps.n }));
    if (m.nps.smallSample) td.appendChild(el('span', { cls: 'small-sample', text: '*', title: t('smallSample') }));
    return td;
  }

  function metricCells(m) {
    const offered = Math.max(m.surveysOffered, m.surveys);
    return [
      npsCell(m),
      el('td', { cls: 'num fair', text: m.nps.fair === null ? '–' : Math.round(m.nps.fair) }),
      el('td', { cls: 'num csat', text: fmt1(m.csat.mean) + (m.csat.n ? ' (n=' + m.csat.n + ')' : '') }),
      el('td', { cls: 'num top2', text: pct(m.csat.top2) }),
      el('td', { cls: 'num resolution', text: pct(m.resolution.rate) }),
      el('td', { cls: 'num responses', text: m.responses + '/' + offered + ' ' + pct(m.responseRate) }),
      el('td', { cls: 'num calls', text: m.calls }),
      el('td', { cls: 'num talk', text: dur(m.talkMs) }),
      el('td', { cls: 'num mute', text: dur(m.muteMs) + ' ' + pct(m.muteRatio) }),
      el('td', { cls: 'num caller-ended', text: pct(m.callerEndedShare) })
    ];
  }

  function header() {
    return el('thead', null, [el('tr', null, ['agent', 'nps', 'fair', 'csat', 'top2', 'resolution', 'responses', 'calls', 'talk', 'mute', 'callerEnded']
      .map((k, i) => el('th', { cls: i === 0 ? '' : 'num', text: t(k) })))]);
  }

  // ---- rendering
  function render() {
    const win = $('window').value;
    const root = $('teams');
    const sections = [];
    const byTeam = new Map();
    for (const a of state.agents.values()) {
      if (!byTeam.has(a.team)) byTeam.set(a.team, []);
      byTeam.get(a.team).push(a);
    }
    const teamIds = [...new Set([...state.teams.keys(), ...byTeam.keys()])].sort();
    for (const teamId of teamIds) {
      const team = state.teams.get(teamId);
      const agents = (byTeam.get(teamId) || []).sort((x, y) => x.displayName.localeCompare(y.displayName));
      const body = el('tbody');
      for (const a of agents) {
        const name = el('button', { cls: 'agent-link', text: a.displayName, type: 'button', title: a.agentId });
        name.addEventListener('click', () => drill(a.agentId));
        const dot = el('span', { cls: 'presence' + (a.online ? ' online' : ''), text: '●', title: t(a.online ? 'online' : 'offline') });
        const row = el('tr', { cls: 'agent-row', data: { agent: a.agentId } }, [el('td', { cls: 'name' }, [dot, name]), ...metricCells(a[win])]);
        if (a.changed) row.classList.add('flash');
        body.appendChild(row);
      }
      if (team) body.appendChild(el('tr', { cls: 'team-total', data: { team: teamId } }, [el('td', { text: t('teamTotal') }), ...metricCells(team[win])]));
      sections.push(el('section', { cls: 'card team', data: { team: teamId } }, [
        el('h2', { text: team ? team.name : teamId }),
        el('table', null, [header(), body])
      ]));
    }
    root.replaceChildren(...sections);
    for (const a of state.agents.values()) a.changed = false;
    $('generated').textContent = state.generatedMs ? t('updated') + ' ' + time(state.generatedMs) : '';
  }

  function renderAlerts() {
    const list = $('alerts');
    const alerts = [...state.alerts.values()].sort((a, b) => b.createdMs - a.createdMs);
    list.replaceChildren(...alerts.map(alertItem));
    $('no-alerts').classList.toggle('hidden', alerts.length > 0);
  }

  function alertItem(a) {
    const scores = [];
    if (a.nps !== null) scores.push('NPS ' + a.nps);
    if (a.csat !== null) scores.push('CSAT ' + a.csat);
    // The server's clock decides what is late: the page keeps its offset from the live stream's times.
    const now = Date.now() + state.clockOffsetMs;
    const late = a.dueMs !== undefined && a.state !== 'closed' && (a.escalated || now > a.dueMs);
    const li = el('li', { cls: 'alert ' + a.state + (late ? ' overdue' : '') + (a.escalated ? ' escalated' : ''), data: { alert: a.id } }, [
      el('div', null, [el('strong', { text: a.displayName }), el('span', { text: ' · ' + t(a.kind === 'trend' ? 'trend' : 'detractor') + ' · ' + scores.join(', ') })]),
      el('div', { cls: 'meta', text: time(a.createdMs) + ' · ' + a.callId + (a.updatedBy ? ' · ' + a.state + ' (' + a.updatedBy + ')' : '') })
    ]);
    if (a.dueMs !== undefined) {
      const flags = el('div', { cls: 'follow-up' });
      flags.appendChild(late
        ? el('span', { cls: 'badge late', text: now > a.dueMs ? t('overdueBy') + ' ' + dur(now - a.dueMs) : t('overdue') })
        : el('span', { cls: 'due', text: t('due') + ' ' + new Date(a.dueMs).toLocaleString(lang === 'zh' ? 'zh-CN' : undefined) }));
      if (a.escalated) flags.appendChild(el('span', { cls: 'badge escalated', text: t('escalated') }));
      li.appendChild(flags);
    }
    if (a.note) li.appendChild(el('div', { cls: 'note', text: a.note }));
    const actions = el('div', { cls: 'actions' });
    if (a.state === 'open') actions.appendChild(button(t('acknowledge'), () => alertAction(a.id, 'acknowledge', {})));
    actions.appendChild(button(t('addNote'), () => {
      const box = el('textarea', { cls: 'note-input' });
      box.maxLength = 2000;
      const save = button(t('save'), () => alertAction(a.id, 'note', { note: box.value }));
      actions.replaceChildren(box, save);
      box.focus();
    }));
    actions.appendChild(button(t('closeAlert'), () => {
      const outcome = el('select', { cls: 'outcome' }, ['reached', 'not-reached', 'resolved', 'no-action'].map((o) => {
        const opt = el('option', { text: t(o === 'resolved' ? 'outcomeResolved' : o) });
        opt.value = o;
        return opt;
      }));
      outcome.setAttribute('aria-label', t('outcome'));
      const box = el('textarea', { cls: 'note-input' });
      box.maxLength = 2000;
      const confirm = button(t('confirmClose'), () => alertAction(a.id, 'close', { outcome: outcome.value, note: box.value }));
      confirm.classList.add('confirm-close');
      actions.replaceChildren(el('label', { text: t('outcome') + ' ' }, [outcome]), box, confirm);
      outcome.focus();
    }));
    actions.appendChild(button(t('history'), () => loadTrail(a.id)));
    li.appendChild(actions);
    const trail = state.trails.get(a.id);
    if (trail) li.appendChild(trailList(trail));
    return li;
  }

  function trailList(trail) {
    return el('ol', { cls: 'trail' }, trail.map((c) => el('li', null, [
      el('span', { cls: 'when', text: new Date(c.atMs).toLocaleString(lang === 'zh' ? 'zh-CN' : undefined) + ' ' }),
      el('strong', { text: t('act-' + c.action) }),
      el('span', { text: ' · ' + (c.by || t('system')) + (c.outcome ? ' · ' + t(c.outcome === 'resolved' ? 'outcomeResolved' : c.outcome) : '') }),
      c.note ? el('div', { cls: 'note', text: c.note }) : null
    ])));
  }

  async function loadTrail(id) {
    try {
      state.trails.set(id, await api('GET', 'api/alerts/' + encodeURIComponent(id) + '/history'));
      renderAlerts();
    } catch (e) { console.warn('alert history failed', e); }
  }

  async function loadFollowUp() {
    try {
      const data = await api('GET', 'api/alerts/summary?days=7');
      const mins = (ms) => (ms === null || ms === undefined ? '–' : dur(ms));
      $('follow-up-rows').replaceChildren(...data.teams.map((tm) => el('tr', { data: { team: tm.team } }, [
        el('td', { text: state.teams.get(tm.team) ? state.teams.get(tm.team).name : tm.team }),
        el('td', { cls: 'num', text: tm.alerts }),
        el('td', { cls: 'num', text: mins(tm.medianFirstActionMs) }),
        el('td', { cls: 'num', text: mins(tm.medianCloseMs) }),
        el('td', { cls: 'num', text: tm.closedInTimeShare === null ? '–' : pct(tm.closedInTimeShare) + ' (' + tm.closedInTime + '/' + tm.due + ')' })
      ])));
      $('no-follow-up').classList.toggle('hidden', data.teams.length > 0);
      $('follow-up').classList.toggle('hidden', data.teams.length === 0);
    } catch (e) { console.warn('follow-up summary failed', e); }
  }

  function button(text, onClick) {
    const b = el('button', { text, type: 'button' });
    b.addEventListener('click', onClick);
    return b;
  }

  function applyAlert(a) {
    if (a.state === 'closed') { state.alerts.delete(a.id); state.trails.delete(a.id); } else state.alerts.set(a.id, a);
    if (state.trails.has(a.id)) loadTrail(a.id);
    followUpSoon();
  }

  let followUpTimer = null;
  function followUpSoon() {
    if (followUpTimer === null) followUpTimer = setTimeout(() => { followUpTimer = null; loadFollowUp(); }, 500);
  }

  // ---- API
  async function api(method, path, body) {
    const opts = { method, credentials: 'same-origin', headers: {} };
    if (method !== 'GET') {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body || {});
    }
    const res = await fetch(path, opts);
    if (res.status === 401 && path !== 'api/login') { showLogin(); throw new Error('unauthorized'); }
    if (!res.ok) throw new Error((await res.json().catch(() => ({}))).error || res.statusText);
    return res.status === 204 ? null : res.json();
  }

  async function alertAction(id, action, body) {
    try { applyAlert(await api('POST', 'api/alerts/' + encodeURIComponent(id) + '/' + action, body)); renderAlerts(); }
    catch (e) { console.warn('alert action failed', e); }
  }

  async function drill(agentId) {
    const data = await api('GET', 'api/agents/' + encodeURIComponent(agentId) + '/surveys?limit=50');
    $('drill-title').textContent = t('surveysOf') + ' ' + data.displayName;
    const rows = data.surveys.map((s) => el('tr', null, [
      el('td', { text: new Date(s.endMs).toLocaleString(lang === 'zh' ? 'zh-CN' : undefined) }),
      el('td', { text: s.status }),
      el('td', { cls: 'num', text: s.nps === null ? '–' : s.nps }),
      el('td', { cls: 'num', text: s.csat === null ? '–' : s.csat }),
      el('td', { text: s.resolved === null ? '–' : (s.resolved ? t('yes') : t('no')) }),
      el('td', { text: s.language }),
      el('td', { text: s.callId })
    ]));
    if (rows.length === 0) rows.push(el('tr', null, [el('td', { text: t('noSurveys') })]));
    $('drill-rows').replaceChildren(...rows);
    const history = await api('GET', 'api/history?days=7&agentId=' + encodeURIComponent(agentId));
    $('history-rows').replaceChildren(...history.days.slice().reverse().map((d) => {
      const m = d.metrics;
      return el('tr', null, [
        el('td', { text: d.date }),
        npsCell(m),
        el('td', { cls: 'num', text: fmt1(m.csat.mean) }),
        el('td', { cls: 'num', text: pct(m.resolution.rate) }),
        el('td', { cls: 'num', text: m.responses + '/' + Math.max(m.surveysOffered, m.surveys) })
      ]);
    }));
    $('drill').classList.remove('hidden');
    $('drill').scrollIntoView({ behavior: 'smooth' });
  }

  // ---- enrolment codes (admins)
  async function loadEnrolments() {
    const data = await api('GET', 'api/enrolments');
    const when = (ms) => new Date(ms).toLocaleString(lang === 'zh' ? 'zh-CN' : undefined);
    const rows = data.enrolments.map((e) => el('tr', { data: { enrolment: e.agentId } }, [
      el('td', { cls: 'agent-id', text: e.agentId }),
      el('td', { cls: 'name', text: e.displayName }),
      el('td', { cls: 'team', text: e.team }),
      el('td', { cls: 'by', text: e.createdBy }),
      el('td', { text: when(e.createdMs) }),
      el('td', { cls: 'expires', text: when(e.expiresAtMs) })
    ]));
    if (rows.length === 0) rows.push(el('tr', null, [el('td', { cls: 'muted', text: t('noCodes') })]));
    $('enrol-rows').replaceChildren(...rows);
  }

  async function makeCode() {
    $('enrol-error').textContent = '';
    const body = { agentId: $('enrol-agent').value.trim() };
    if ($('enrol-name').value.trim()) body.displayName = $('enrol-name').value.trim();
    if ($('enrol-team').value.trim()) body.team = $('enrol-team').value.trim();
    try {
      const made = await api('POST', 'api/enrolments', body);
      $('enrol-made-agent').textContent = made.agentId;
      $('enrol-code').textContent = made.code;
      $('enrol-made').classList.remove('hidden');
      $('enrol-form').reset();
    } catch (e) { $('enrol-error').textContent = e.message; }
    await loadEnrolments().catch((e) => console.warn('enrolments', e));
  }

  // ---- live stream
  function applyMetrics(data, full) {
    if (full) { state.agents.clear(); state.teams.clear(); }
    for (const a of data.agents) { a.changed = !full; state.agents.set(a.agentId, a); }
    for (const tm of data.teams) state.teams.set(tm.team, tm);
    state.generatedMs = data.generatedMs;
    if (data.generatedMs) state.clockOffsetMs = data.generatedMs - Date.now();
  }

  function connect() {
    if (state.source) state.source.close();
    const src = new EventSource('api/live');
    state.source = src;
    src.addEventListener('open', () => setStatus('live'));
    src.addEventListener('error', () => {
      setStatus('reconnecting');
      // The stream ends when the session does: find out whether we are still logged in.
      api('GET', 'api/me').catch(() => {});
    });
    src.addEventListener('snapshot', (ev) => {
      const data = JSON.parse(ev.data);
      applyMetrics(data, true);
      state.alerts.clear();
      for (const a of data.alerts) applyAlert(a);
      render(); renderAlerts(); followUpSoon();
    });
    src.addEventListener('metrics', (ev) => { applyMetrics(JSON.parse(ev.data), false); render(); });
    src.addEventListener('alert', (ev) => { applyAlert(JSON.parse(ev.data)); renderAlerts(); });
  }

  function setStatus(key) {
    const s = $('status');
    s.dataset.i18n = key;
    s.textContent = t(key);
    s.classList.toggle('live', key === 'live');
  }

  // ---- views
  function showLogin() {
    if (state.source) { state.source.close(); state.source = null; }
    state.me = null;
    setStatus('offline');
    $('who').textContent = '';
    $('logout').classList.add('hidden');
    $('board-view').classList.add('hidden');
    $('login-view').classList.remove('hidden');
  }

  function showBoard(me) {
    state.me = me;
    $('who').textContent = me.username + ' (' + me.role + (me.team ? ', ' + me.team : '') + ')';
    $('logout').classList.remove('hidden');
    $('login-view').classList.add('hidden');
    $('board-view').classList.remove('hidden');
    const admin = me.role === 'admin';
    $('enrol').classList.toggle('hidden', !admin);
    if (admin) loadEnrolments().catch((e) => console.warn('enrolments', e));
    connect();
  }

  function applyLanguage() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
    $('lang').textContent = lang === 'zh' ? 'English' : '中文';
    if (state.me) {
      render(); renderAlerts();
      if (state.me.role === 'admin') loadEnrolments().catch((e) => console.warn('enrolments', e));
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      $('login-error').textContent = '';
      try {
        showBoard(await api('POST', 'api/login', { username: $('username').value, password: $('password').value }));
        $('password').value = '';
      } catch (e) { $('login-error').textContent = t('loginFailed'); }
    });
    $('logout').addEventListener('click', async () => { await api('POST', 'api/logout').catch(() => {}); showLogin(); });
    $('window').addEventListener('change', render);
    $('enrol-form').addEventListener('submit', (ev) => { ev.preventDefault(); makeCode(); });
    $('drill-close').addEventListener('click', () => $('drill').classList.add('hidden'));
    $('lang').addEventListener('click', () => {
      lang = lang === 'zh' ? 'en' : 'zh';
      localStorage.setItem('cx.lang', lang);
      applyLanguage();
    });
    applyLanguage();
    api('GET', 'api/me').then(showBoard).catch(() => showLogin());
  });
})();
