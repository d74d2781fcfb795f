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
      madeAt: 'Made', expires: 'Expires', noCodes: 'No codes waiting.',
      fewAnswers: 'few answers', newAlert: 'New alert', tooMany: 'Too many attempts: wait {s} s and try again.',
      busy: 'The server is busy: try again.', unreachable: 'The server cannot be reached: try again.',
      loginRefused: 'Login refused:', wallLogin: 'Log in on the dashboard first, then open the wall board again.',
      teamOf: 'Team {i} of {n}', openAlerts: 'Open alerts', noTeams: 'No teams to show yet.', showCharts: 'Show charts',
      drillMixed: 'These days add up the surveys of several survey versions, whose questions may differ: {list}. Use Show charts to pick one version.',
      liveMixed: "Today's live scores count every survey version asked today, whose questions may differ: {list}. To compare like with like, pick one version under Trends and distributions."
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
      madeAt: '生成时间', expires: '过期时间', noCodes: '没有等待使用的代码。',
      fewAnswers: '回答少', newAlert: '新警报', tooMany: '尝试次数过多：请等待 {s} 秒后再试。',
      busy: '服务器繁忙：请再试一次。', unreachable: '无法连接服务器：请再试一次。',
      loginRefused: '登录被拒绝：', wallLogin: '请先在仪表板登录，然后重新打开大屏。',
      teamOf: '第 {i} 个团队，共 {n} 个', openAlerts: '未处理的警报', noTeams: '暂无可显示的团队。', showCharts: '显示图表',
      drillMixed: '这几天的数据合计了多个调查版本的调查，各版本的问题可能不同：{list}。可点击“显示图表”选择一个版本。',
      liveMixed: '今天的实时分数统计了今天使用的所有调查版本，各版本的问题可能不同：{list}。如需同口径比较，请在“趋势与分布”中选择一个版本。'
    }
  };
  const params = new URLSearchParams(location.search);
  let lang = params.get('lang') === 'zh' || params.get('lang') === 'en' ? params.get('lang')
    : (localStorage.getItem('cx.lang') === 'zh' ? 'zh' : 'en');
  // The wall board: a read-only view for a big screen, showing the teams in turn.
  const wall = params.has('wall');
  const wallEveryMs = Math.max(1, Math.min(3600, Number(params.get('every')) || 15)) * 1000;
  const t = (k) => (I18N[lang][k] !== undefined ? I18N[lang][k] : k);

  const state = { me: null, agents: new Map(), teams: new Map(), alerts: new Map(), generatedMs: 0, source: null, trails: new Map(), clockOffsetMs: 0, snapshots: 0 };
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
    if (m.nps.smallSample) td.appendChild(el('span', { cls: 'small-sample', text: '* ' + t('fewAnswers'), title: t('smallSample') }));
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

  // ---- rendering: rows are kept and updated in place, keyed by agent, team and alert id, so that focus, a note being
  // typed or a form being filled survive live updates.

  /** Puts {@code children} into {@code parent} in this order, moving only the nodes that are out of place. */
  function arrange(parent, children) {
    let cursor = parent.firstChild;
    for (const c of children) {
      if (c === cursor) { cursor = cursor.nextSibling; continue; }
      parent.insertBefore(c, cursor);
    }
    while (cursor) { const next = cursor.nextSibling; cursor.remove(); cursor = next; }
  }

  /** Gives {@code row} these cells, replacing only those whose content differs from the cell in their place. */
  function patchCells(row, cells) {
    const old = [...row.children];
    cells.forEach((c, i) => {
      const o = old[i];
      if (!o) row.appendChild(c);
      else if (o.className !== c.className || o.textContent !== c.textContent || o.title !== c.title) o.replaceWith(c);
    });
    for (let i = cells.length; i < old.length; i++) old[i].remove();
  }

  function agentRow(row, a, win) {
    if (!row) row = el('tr', { cls: 'agent-row', data: { agent: a.agentId } });
    if (!row.firstChild) {
      const name = el('button', { cls: 'agent-link', type: 'button', title: a.agentId });
      // Choosing an agent (a click, or Enter on the focused name) opens their surveys and makes them the charts'
      // subject; the page scrolls to the charts only when asked to, from the drill-down's "Show charts".
      name.addEventListener('click', () => {
        drill(a.agentId);
        chartsSelect(a.agentId, false).catch((e) => console.warn('charts', e));
      });
      row.appendChild(el('td', { cls: 'name' }, [el('span'), name, el('span')]));
    }
    // The name cell is updated in place, so that a name button with the keyboard's focus keeps it.
    const [dot, name, word] = row.firstChild.children;
    const presence = t(a.online ? 'online' : 'offline');
    const set = (e, cls, text, title) => {
      if (e.className !== cls) e.className = cls;
      if (e.textContent !== text) e.textContent = text;
      if (title !== undefined && e.title !== title) e.title = title;
    };
    set(dot, 'presence' + (a.online ? ' online' : ''), '●', presence);
    set(name, 'agent-link', a.displayName);
    set(word, 'presence-text' + (a.online ? ' online' : ''), presence);
    const cells = metricCells(a[win]);
    const before = [...row.children].slice(1).map((c) => c.textContent).join('|');
    patchCells(row, [row.firstChild, ...cells]);
    if (a.changed && before !== cells.map((c) => c.textContent).join('|')) {
      row.classList.remove('flash');
      void row.offsetWidth;
      row.classList.add('flash');
    }
    return row;
  }

  function render() {
    const win = $('window').value;
    const root = $('teams');
    const byTeam = new Map();
    for (const a of state.agents.values()) {
      if (!byTeam.has(a.team)) byTeam.set(a.team, []);
      byTeam.get(a.team).push(a);
    }
    const existing = new Map([...root.children].map((c) => [c.dataset.team, c]));
    const teamIds = [...new Set([...state.teams.keys(), ...byTeam.keys()])].sort();
    const sections = teamIds.map((teamId) => {
      const team = state.teams.get(teamId);
      const agents = (byTeam.get(teamId) || []).sort((x, y) => x.displayName.localeCompare(y.displayName));
      let section = existing.get(teamId);
      if (!section) {
        section = el('section', { cls: 'card team', data: { team: teamId } }, [el('h2'), el('table', null, [el('thead'), el('tbody')])]);
      }
      const title = team ? team.name : teamId;
      const h2 = section.querySelector('h2');
      if (h2.textContent !== title) h2.textContent = title;
      const thead = section.querySelector('thead');
      if (thead.dataset.lang !== lang) { const h = header(); h.dataset.lang = lang; thead.replaceWith(h); }
      const body = section.querySelector('tbody');
      const rows = new Map([...body.querySelectorAll('tr.agent-row')].map((r) => [r.dataset.agent, r]));
      const wanted = agents.map((a) => agentRow(rows.get(a.agentId), a, win));
      if (team) {
        let total = body.querySelector('tr.team-total');
        if (!total) total = el('tr', { cls: 'team-total', data: { team: teamId } });
        patchCells(total, [el('td', { text: t('teamTotal') }), ...metricCells(team[win])]);
        wanted.push(total);
      }
      arrange(body, wanted);
      return section;
    });
    arrange(root, sections);
    for (const a of state.agents.values()) a.changed = false;
    $('generated').textContent = state.generatedMs ? t('updated') + ' ' + time(state.generatedMs) : '';
  }

  function renderAlerts() {
    const list = $('alerts');
    const alerts = [...state.alerts.values()].sort((a, b) => b.createdMs - a.createdMs);
    const existing = new Map([...list.children].map((li) => [li.dataset.alert, li]));
    arrange(list, alerts.map((a) => {
      const li = existing.get(a.id);
      return li ? updateAlertItem(li, a) : alertItem(a);
    }));
    $('no-alerts').classList.toggle('hidden', alerts.length > 0);
  }

  /**
   * Brings a shown alert up to date. Its actions are left alone while a note or close form is open in them (whatever
   * has focus or has been typed there stays), and rebuilt only when what they offer changes.
   */
  function updateAlertItem(li, a) {
    const fresh = alertItem(a);
    li.className = fresh.className;
    const info = li.querySelector(':scope > .info'), freshInfo = fresh.querySelector(':scope > .info');
    if (!info.isEqualNode(freshInfo)) info.replaceWith(freshInfo);
    const actions = li.querySelector(':scope > .actions'), freshActions = fresh.querySelector(':scope > .actions');
    if (!actions.dataset.editing && actions.dataset.key !== freshActions.dataset.key) {
      // A button with the keyboard's focus hands it to the same button in the new actions.
      const focused = actions.contains(document.activeElement) ? document.activeElement.dataset.action : null;
      actions.replaceWith(freshActions);
      const again = focused && freshActions.querySelector('[data-action="' + focused + '"]');
      if (again) again.focus();
    }
    const trail = li.querySelector(':scope > .trail'), freshTrail = fresh.querySelector(':scope > .trail');
    if (trail && freshTrail) { if (!trail.isEqualNode(freshTrail)) trail.replaceWith(freshTrail); }
    else if (trail) trail.remove();
    else if (freshTrail) li.appendChild(freshTrail);
    return li;
  }

  function alertItem(a) {
    const scores = [];
    if (a.nps !== null) scores.push('NPS ' + a.nps);
    if (a.csat !== null) scores.push('CSAT ' + a.csat);
    // The server's clock decides what is late: the page keeps its offset from the live stream's times.
    const now = Date.now() + state.clockOffsetMs;
    const late = a.dueMs !== undefined && a.state !== 'closed' && (a.escalated || now > a.dueMs);
    const info = el('div', { cls: 'info' }, [
      el('div', null, [el('strong', { text: a.displayName }), el('span', { text: ' · ' + t(a.kind === 'trend' ? 'trend' : 'detractor') + ' · ' + scores.join(', ') })]),
      el('div', { cls: 'meta', text: time(a.createdMs) + ' · ' + a.callId + (a.updatedBy ? ' · ' + a.state + ' (' + a.updatedBy + ')' : '') })
    ]);
    const li = el('li', { cls: 'alert ' + a.state + (late ? ' overdue' : '') + (a.escalated ? ' escalated' : ''), data: { alert: a.id } }, [info]);
    if (a.dueMs !== undefined) {
      const flags = el('div', { cls: 'follow-up' });
      flags.appendChild(late
        ? el('span', { cls: 'badge late', text: now > a.dueMs ? t('overdueBy') + ' ' + dur(now - a.dueMs) : t('overdue') })
        : el('span', { cls: 'due', text: t('due') + ' ' + new Date(a.dueMs).toLocaleString(lang === 'zh' ? 'zh-CN' : undefined) }));
      if (a.escalated) flags.appendChild(el('span', { cls: 'badge escalated', text: t('escalated') }));
      info.appendChild(flags);
    }
    if (a.note) info.appendChild(el('div', { cls: 'note', text: a.note }));
    if (a.evidence) info.appendChild(trendEvidence(a.evidence));
    const actions = el('div', { cls: 'actions', data: { key: lang + '|' + a.state } });
    if (a.state === 'open') actions.appendChild(button(t('acknowledge'), () => alertAction(a.id, 'acknowledge', {}), 'acknowledge'));
    actions.appendChild(button(t('addNote'), () => {
      const box = el('textarea', { cls: 'note-input' });
      box.maxLength = 2000;
      const save = button(t('save'), () => alertAction(a.id, 'note', { note: box.value }));
      actions.dataset.editing = 'note';
      actions.replaceChildren(box, save);
      box.focus();
    }, 'note'));
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
      actions.dataset.editing = 'close';
      actions.replaceChildren(el('label', { text: t('outcome') + ' ' }, [outcome]), box, confirm);
      outcome.focus();
    }, 'close'));
    actions.appendChild(button(t('history'), () => loadTrail(a.id), 'history'));
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
      refresh();
    } catch (e) { console.warn('alert history failed', e); }
  }

  async function loadFollowUp() {
    if (wall) return;
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

  function button(text, onClick, action) {
    const b = el('button', { text, type: 'button' });
    if (action) b.dataset.action = action;
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
    if (!res.ok) {
      const e = new Error((await res.json().catch(() => ({}))).error || res.statusText);
      e.status = res.status;
      e.retryAfter = Number(res.headers.get('Retry-After')) || null;
      throw e;
    }
    return res.status === 204 ? null : res.json();
  }

  async function alertAction(id, action, body) {
    try {
      applyAlert(await api('POST', 'api/alerts/' + encodeURIComponent(id) + '/' + action, body));
      // The form was sent: the alert's actions show its buttons again.
      const actions = document.querySelector('#alerts li[data-alert="' + CSS.escape(id) + '"] > .actions');
      if (actions && action !== 'acknowledge') { delete actions.dataset.editing; actions.dataset.key = ''; }
      refresh();
    }
    catch (e) { console.warn('alert action failed', e); }
  }

  async function drill(agentId) {
    $('drill').dataset.agent = agentId;
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
    const mix = $('drill-mix');
    mix.textContent = history.mixed ? t('drillMixed').replace('{list}', versionsList(history.versions)) : '';
    mix.classList.toggle('hidden', !history.mixed);
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

  // ---- charts: NPS and CSAT trends by day or by hour with their 95% bands, the NPS answers 0-10 against the
  // center's, and a team's detractor rate by weekday and hour. Drawn with uPlot (served by the server itself); every
  // figure is also written out as text.
  const CHART_TEXT = {
    en: {
      title: 'Trends and distributions', subject: 'Team or agent', period: 'Period', days7: 'Last 7 days',
      days28: 'Last 28 days', hours: 'Today by hour', teamOption: 'Team {name}',
      help: 'The line is the score, the shaded band its 95% range and n the number of answers. With few answers the band is wide: read a range, not a rank.',
      npsTrend: 'NPS', csatTrend: 'CSAT top-2 share (4-5 of 5)', csatTop2: 'CSAT top-2', band: '95% range', when: 'When',
      low: '95% from', high: '95% to', noAnswers: 'No answers in this period.',
      dist: 'NPS answers 0-10 against the center', score: 'Score', answers: 'Answers', share: 'Share', center: 'Center',
      centerShare: 'Center share', distCaption: '{who}: n={n}, NPS {nps} (95% range {low} to {high}). Center: n={cn}, NPS {cnps}.',
      retired: 'Answers before {date} were retired and are not counted here.',
      mapTitle: 'Detractor rate by weekday and hour: team {team}, last {days} days',
      mapHelp: 'Each cell: the share of NPS answers from 0 to 6, and n. Dashed cells have fewer than 30 answers; hover for the 95% range.',
      cell: '{day} {hour}:00: {rate} detractors (95% range {low} to {high}), n={n}', hour: 'Hour',
      weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], failed: 'The charts could not be loaded:',
      version: 'Survey version', allVersions: 'All versions (mixed)', versionName: '{id} v{version}',
      noProgram: 'no program', surveysN: '{n} surveys',
      mixed: 'These survey figures mix {n} survey versions, whose questions may differ: {list}. Pick one version to compare like with like.',
      only: 'Survey figures of {version} only. Calls name no version: they are counted whatever version is picked.'
    },
    zh: {
      title: '趋势与分布', subject: '团队或坐席', period: '时段', days7: '最近 7 天', days28: '最近 28 天',
      hours: '今天（按小时）', teamOption: '团队 {name}',
      help: '折线为分数，阴影带为其 95% 置信范围，n 为回答数。回答少时范围很宽：请看范围，不要据此排名。',
      npsTrend: 'NPS', csatTrend: 'CSAT 前两档占比（5 分中的 4-5 分）', csatTop2: 'CSAT 前两档', band: '95% 范围', when: '时间',
      low: '95% 下限', high: '95% 上限', noAnswers: '此时段没有回答。',
      dist: 'NPS 0-10 分回答与中心整体对比', score: '分数', answers: '回答数', share: '占比', center: '中心整体',
      centerShare: '中心占比', distCaption: '{who}：n={n}，NPS {nps}（95% 范围 {low} 至 {high}）。中心整体：n={cn}，NPS {cnps}。',
      retired: '{date} 之前的回答已清除，未计入此处。',
      mapTitle: '按星期和小时的贬损者比例：团队 {team}，最近 {days} 天',
      mapHelp: '每格：0 到 6 分的 NPS 回答占比及回答数 n。虚线格回答少于 30 个；悬停可见 95% 范围。',
      cell: '{day} {hour}:00：贬损者 {rate}（95% 范围 {low} 至 {high}），n={n}', hour: '小时',
      weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'], failed: '无法加载图表：',
      version: '调查版本', allVersions: '所有版本（混合）', versionName: '{id} 第 {version} 版',
      noProgram: '无调查方案', surveysN: '{n} 份调查',
      mixed: '这些调查数据混合了 {n} 个调查版本，各版本的问题可能不同：{list}。请选择一个版本以便同口径比较。',
      only: '仅显示 {version} 的调查数据。通话不属于任何版本：无论选择哪个版本都会计入。'
    }
  };
  const ct = (k, vars) => {
    let s = CHART_TEXT[lang][k] !== undefined ? CHART_TEXT[lang][k] : k;
    for (const [name, v] of Object.entries(vars || {})) s = s.split('{' + name + '}').join(String(v));
    return s;
  };
  // plots: the uPlot charts in the order drawn; refs: what each one's legend, whiskers and captions read, replaced in
  // place on a live update so that the same uPlot instances take the new data.
  const chartState = {
    subjects: [], data: null, plots: [], refs: [], seq: 0, wired: false,
    visible: false, stale: false, timer: null, lastLoadMs: 0, updates: 0, versions: []
  };
  // Live updates reach the charts at most once in this many milliseconds, and only a while after the change that asked
  // for them, so that a burst of surveys is fetched once.
  const CHART_LIVE_GAP_MS = 5000;
  const CHART_LIVE_SETTLE_MS = 1000;
  const round = (x) => (x === null || x === undefined ? '–' : String(Math.round(x)));
  const pct1 = (x) => (x === null || x === undefined ? '–' : Math.round(x * 100) + '%');

  /** Fills the subject list (teams in scope and their agents) and draws the charts of the first team. */
  async function chartsShow() {
    if (!chartState.wired) {
      chartState.wired = true;
      $('chart-subject').addEventListener('change', () => chartsLoad());
      $('chart-period').addEventListener('change', () => chartsLoad());
      $('chart-version').addEventListener('change', () => chartsLoad());
      // The charts are drawn to the panel's width: drawn again once a resize settles.
      let resizing = null;
      window.addEventListener('resize', () => {
        clearTimeout(resizing);
        resizing = setTimeout(() => { if (chartState.data && state.me) chartsDraw(); }, 200);
      });
      // Live updates wait while the charts are scrolled away or the tab is hidden, and are fetched once seen again.
      if ('IntersectionObserver' in window) {
        new IntersectionObserver((entries) => {
          chartState.visible = entries[entries.length - 1].isIntersecting;
          if (chartState.stale) chartsSoon();
        }).observe($('charts'));
      } else chartState.visible = true;
      document.addEventListener('visibilitychange', () => { if (chartState.stale) chartsSoon(); });
    }
    await chartsSubjects();
    await chartsLoad();
  }

  async function chartsSubjects() {
    const data = await api('GET', 'api/agents');
    const options = [];
    for (const tm of data.teams) {
      options.push({ value: 'team:' + tm.team, team: tm.team, name: tm.name, label: ct('teamOption', { name: tm.name }) });
      for (const a of data.agents.filter((x) => x.team === tm.team)) {
        options.push({ value: 'agent:' + a.agentId, team: tm.team, agentId: a.agentId, label: '\u00a0\u00a0' + a.displayName });
      }
    }
    chartState.subjects = options;
    const keep = $('chart-subject').value;
    $('chart-subject').replaceChildren(...options.map((o) => {
      const opt = el('option', { text: o.label });
      opt.value = o.value;
      return opt;
    }));
    if (options.some((o) => o.value === keep)) $('chart-subject').value = keep;
  }

  /** Makes an agent the charts' subject; with {@code show}, also brings the charts into view and focuses the choice. */
  async function chartsSelect(agentId, show) {
    const value = 'agent:' + agentId;
    // An agent who came after the list was filled: fill it again.
    if (!chartState.subjects.some((o) => o.value === value)) await chartsSubjects();
    if (!chartState.subjects.some((o) => o.value === value)) return;
    if (show) {
      $('charts').scrollIntoView({ behavior: 'smooth', block: 'start' });
      $('chart-subject').focus({ preventScroll: true });
    }
    if ($('chart-subject').value !== value || !chartState.data) {
      $('chart-subject').value = value;
      await chartsLoad();
    }
  }

  /** Whether a live change concerns the charts' subject: its agent, or any agent of its team. */
  function chartsConcern(agents) {
    const subject = chartState.subjects.find((o) => o.value === $('chart-subject').value);
    if (!subject) return false;
    return agents.some((a) => (subject.agentId ? a.agentId === subject.agentId : a.team === subject.team));
  }

  /** Asks for the charts' data again after a live change, at most once every CHART_LIVE_GAP_MS and only when seen. */
  function chartsSoon() {
    chartState.stale = true;
    if (chartState.timer !== null || !chartsSeen()) return;
    const delay = Math.max(CHART_LIVE_SETTLE_MS, chartState.lastLoadMs + CHART_LIVE_GAP_MS - Date.now());
    chartState.timer = setTimeout(() => {
      chartState.timer = null;
      if (!chartState.stale || !chartsSeen()) return;
      chartState.stale = false;
      chartsLoad(true);
    }, delay);
  }

  function chartsSeen() {
    return chartState.visible && document.visibilityState === 'visible' && state.me !== null
      && !$('board-view').classList.contains('hidden');
  }

  /**
   * Fetches what the chosen subject and period need, then draws; an answer overtaken by a newer choice is dropped. A
   * live update ({@code live}) gives the same charts their new data in place and leaves what is shown alone on failure.
   */
  async function chartsLoad(live) {
    const subject = chartState.subjects.find((o) => o.value === $('chart-subject').value);
    const charts = $('charts');
    if (!subject) { charts.dataset.state = 'empty'; return; }
    const period = $('chart-period').value;
    const seq = ++chartState.seq;
    chartState.lastLoadMs = Date.now();
    if (!live) {
      chartState.stale = false;
      charts.dataset.state = 'loading';
      $('chart-error').textContent = '';
    }
    const who = subject.agentId ? 'agentId=' + encodeURIComponent(subject.agentId) : 'team=' + encodeURIComponent(subject.team);
    const days = period === 'hours' ? 1 : Number(period);
    const version = chartsVersion();
    const vq = version
      ? '&surveyId=' + encodeURIComponent(version.surveyId) + '&version=' + encodeURIComponent(version.version) : '';
    try {
      const [trend, dist, map] = await Promise.all([
        period === 'hours'
          ? api('GET', 'api/history/hours?' + (subject.agentId ? who : '') + vq)
          : api('GET', 'api/history?days=' + days + (subject.agentId ? '&' + who : '') + vq),
        api('GET', 'api/history/nps-distribution?days=' + days + '&' + who + vq),
        api('GET', 'api/history/detractor-map?days=' + (period === 'hours' ? 28 : days) + '&team=' + encodeURIComponent(subject.team) + vq)
      ]);
      if (seq !== chartState.seq) return;
      const was = chartState.data;
      chartState.data = { subject, period, trend, dist, map, version: $('chart-version').value };
      chartsVersions();
      const same = live && was && was.subject.value === subject.value && was.period === period
        && was.version === chartState.data.version
        && chartState.plots.length === 3 && charts.dataset.state === 'drawn';
      if (same) {
        chartsUpdate();
        charts.dataset.updates = String(++chartState.updates);
      } else {
        chartsDraw();
      }
      charts.dataset.state = 'drawn';
      $('chart-error').textContent = '';
    } catch (e) {
      if (seq !== chartState.seq) return;
      if (live && charts.dataset.state === 'drawn') { console.warn('charts live update failed', e); return; }
      charts.dataset.state = 'failed';
      $('chart-error').textContent = ct('failed') + ' ' + e.message;
    }
  }

  /** The survey version picked ({surveyId, version}), or null for every version. */
  function chartsVersion() {
    const picked = $('chart-version').value;
    return picked ? chartState.versions.find((v) => chartsVersionKey(v) === picked) || null : null;
  }

  const chartsVersionKey = (v) => v.surveyId + '|' + v.version;

  function chartsVersionName(v) {
    return v.surveyId === null ? ct('noProgram') : v.version === null ? v.surveyId
      : ct('versionName', { id: v.surveyId, version: v.version });
  }

  /**
   * Says whether the charts' survey figures mix versions, and offers the versions to pick from: those the three answers
   * list (the surveys counted are the trend's period's), and the one picked.
   */
  function chartsVersions() {
    const d = chartState.data;
    const seen = new Map();
    for (const answer of [d.trend, d.dist, d.map]) {
      for (const v of answer.versions || []) {
        const key = chartsVersionKey(v);
        if (!seen.has(key)) seen.set(key, { surveyId: v.surveyId, version: v.version, surveys: 0 });
        if (answer === d.trend) seen.get(key).surveys = v.surveys;
      }
    }
    const picked = chartsVersion();
    if (picked && !seen.has(chartsVersionKey(picked))) seen.set(chartsVersionKey(picked), Object.assign({}, picked, { surveys: 0 }));
    const all = [...seen.values()];
    // Only a program's version can be picked; surveys that named none are listed, not offered.
    chartState.versions = all.filter((v) => v.surveyId !== null && v.version !== null);
    const mixed = [d.trend, d.dist, d.map].some((a) => a.mixed);
    const select = $('chart-version');
    const keep = select.value;
    const any = el('option', { text: ct('allVersions') });
    any.value = '';
    select.replaceChildren(any, ...chartState.versions.map((v) => {
      const o = el('option', { text: chartsVersionName(v) + ' (' + ct('surveysN', { n: v.surveys }) + ')' });
      o.value = chartsVersionKey(v);
      return o;
    }));
    select.value = chartState.versions.some((v) => chartsVersionKey(v) === keep) ? keep : '';
    $('chart-version-label').classList.toggle('hidden', !picked && !mixed);
    const note = $('chart-mix');
    note.classList.toggle('only', !!picked);
    if (picked) {
      note.textContent = ct('only', { version: chartsVersionName(picked) });
    } else if (mixed) {
      note.textContent = ct('mixed', { n: all.length, list: versionsList(all) });
    }
    note.classList.toggle('hidden', !picked && !mixed);
    $('charts').dataset.versions = picked ? 'one' : mixed ? 'mixed' : 'single';
  }

  /** The trend's points: a label and the subject's metrics per day or hour. */
  function chartsPoints(d) {
    const buckets = d.period === 'hours' ? d.trend.hours : d.trend.days;
    return buckets.map((b) => ({
      label: d.period === 'hours' ? b.hour : b.date.slice(5),
      m: d.subject.agentId ? b.metrics : (b.teams.find((x) => x.team === d.subject.team) || {}).metrics
    })).filter((p) => p.m);
  }

  /** What each chart shows: the two trends' series and the distribution's shares, read by the charts' callbacks. */
  function chartsRefs(d) {
    const points = chartsPoints(d);
    const labels = points.map((p) => p.label);
    const hundred = (x) => (x === null || x === undefined ? null : x * 100);
    const dist = d.dist;
    const share = (s) => s.counts.map((c) => (s.n ? (100 * c) / s.n : null));
    const own = share(dist.scores);
    const center = share(dist.center);
    return {
      points,
      nps: {
        labels, values: points.map((p) => p.m.nps.score), lows: points.map((p) => p.m.nps.low),
        highs: points.map((p) => p.m.nps.high), ns: points.map((p) => p.m.nps.n)
      },
      csat: {
        labels, values: points.map((p) => hundred(p.m.csat.top2)), lows: points.map((p) => hundred(p.m.csat.top2Low)),
        highs: points.map((p) => hundred(p.m.csat.top2High)), ns: points.map((p) => p.m.csat.n)
      },
      dist: {
        dist, own, center, who: d.subject.label.trim(),
        top: Math.max(10, ...own.map((v) => v || 0), ...center.map((v) => v || 0))
      }
    };
  }

  function chartsDraw() {
    const d = chartState.data;
    for (const p of chartState.plots) p.destroy();
    chartState.plots = [];
    chartState.refs = [];
    if (!d) return;
    const r = chartsRefs(d);
    const width = Math.max(280, Math.floor(($('charts').clientWidth - 64) / 2));
    chartState.refs = [r.nps, r.csat, r.dist];
    chartState.plots.push(chartsTrend($('chart-nps'), r.nps, width, [-100, 100], 'NPS', '#2456c7', (v) => round(v)));
    chartState.plots.push(chartsTrend($('chart-csat'), r.csat, width, [0, 100], ct('csatTop2'), '#1f8a4c',
      (v) => round(v) + '%'));
    chartsTrendTable(r.points);
    chartState.plots.push(chartsDistribution(r.dist, Math.max(280, $('charts').clientWidth - 40)));
    chartsMap(d.map);
  }

  /**
   * Gives the drawn charts the new data of the same subject and period: the same uPlot instances take it (setData),
   * and the text beside them is written again; nothing that can hold focus is replaced.
   */
  function chartsUpdate() {
    const r = chartsRefs(chartState.data);
    const fresh = [r.nps, r.csat, r.dist];
    // The name, formatter and target a trend was drawn with stay; its data are replaced.
    chartState.refs.forEach((ref, i) => Object.assign(ref, fresh[i]));
    const [nps, csat, dist] = chartState.plots;
    const [npsRef, csatRef, distRef] = chartState.refs;
    for (const [plot, ref] of [[nps, npsRef], [csat, csatRef]]) {
      plot.setData([ref.labels.map((l, i) => i), ref.values, ref.lows, ref.highs]);
      trendLegend(plot, ref);
    }
    chartsTrendTable(r.points);
    dist.setData([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], distRef.own, distRef.center]);
    if (dist.cursor.left === undefined || dist.cursor.left < 0) dist.setLegend({ idx: 10 });
    chartsDistributionText(distRef);
    chartsMap(chartState.data.map);
  }

  /** The index of the latest point with a value, or null. */
  function trendLast(ref) {
    let last = null;
    ref.values.forEach((v, i) => { if (v !== null && v !== undefined) last = i; });
    return last;
  }

  /** Shows the latest point in the legend unless a pointer is over the chart, and says it in the chart's label. */
  function trendLegend(plot, ref) {
    const last = trendLast(ref);
    const hovered = plot.cursor.left !== undefined && plot.cursor.left >= 0;
    if (last !== null && !hovered) plot.setLegend({ idx: last });
    const show = ref.show;
    const lastText = last === null ? ct('noAnswers') : ref.name + ' ' + ref.labels[last] + ': ' + show(ref.values[last])
      + ' (' + ct('band') + ' ' + show(ref.lows[last]) + ' – ' + show(ref.highs[last]) + ', n=' + ref.ns[last] + ')';
    ref.target.setAttribute('aria-label', ref.name + '. ' + lastText);
  }

  /** A line with its 95% band; the legend shows each point's value, band and n (the latest point until hovered). */
  function chartsTrend(target, ref, width, range, name, color, show) {
    ref.name = name;
    ref.show = show;
    ref.target = target;
    const at = (arr, i) => (i === null || i === undefined ? null : arr[i]);
    const plot = new uPlot({
      width, height: 220,
      scales: { x: { time: false, range: (u, min, max) => [min - 0.5, max + 0.5] }, y: { range } },
      axes: [
        { incrs: [1, 2, 3, 4, 6, 12], values: (u, splits) => splits.map((i) => (ref.labels[i] === undefined ? '' : ref.labels[i])) },
        { values: (u, splits) => splits.map((v) => String(v)) }
      ],
      series: [
        { label: ct('when'), value: (u, i) => (ref.labels[i] === undefined ? '–' : ref.labels[i]) },
        { label: name, stroke: color, width: 2, points: { show: true, size: 6 }, spanGaps: false,
          value: (u, v, si, i) => (v === null || v === undefined ? '–' : show(v) + ' n=' + at(ref.ns, i)) },
        { label: ct('low'), stroke: 'transparent', points: { show: false }, value: (u, v) => (v === null || v === undefined ? '–' : show(v)) },
        { label: ct('high'), stroke: 'transparent', points: { show: false }, value: (u, v) => (v === null || v === undefined ? '–' : show(v)) }
      ],
      bands: [{ series: [3, 2], fill: color + '2e' }],
      hooks: {
        ready: [(u) => trendLegend(u, ref)],
        // Each point's 95% range as a whisker too, so that a point without neighbours shows its uncertainty.
        draw: [(u) => {
          const c = u.ctx, cap = 4 * uPlot.pxRatio;
          c.save();
          c.strokeStyle = color;
          c.lineWidth = uPlot.pxRatio;
          ref.lows.forEach((lo, i) => {
            const hi = ref.highs[i];
            if (lo === null || lo === undefined || hi === null || hi === undefined) return;
            const x = u.valToPos(i, 'x', true), y1 = u.valToPos(lo, 'y', true), y2 = u.valToPos(hi, 'y', true);
            c.beginPath();
            c.moveTo(x, y1); c.lineTo(x, y2);
            c.moveTo(x - cap, y1); c.lineTo(x + cap, y1);
            c.moveTo(x - cap, y2); c.lineTo(x + cap, y2);
            c.stroke();
          });
          c.restore();
        }]
      }
    }, [ref.labels.map((l, i) => i), ref.values, ref.lows, ref.highs], target);
    return plot;
  }

  /** Writes the trend's points out, one row per day or hour with answers, updating the rows in place. */
  function chartsTrendTable(points) {
    const body = $('chart-trend-rows');
    const existing = new Map([...body.querySelectorAll('tr[data-when]')].map((r) => [r.dataset.when, r]));
    const rows = points.filter((p) => p.m.nps.n > 0 || p.m.csat.n > 0).map((p) => {
      const nps = el('td', { cls: 'num', text: round(p.m.nps.score) });
      if (p.m.nps.smallSample && p.m.nps.n > 0) nps.appendChild(el('span', { cls: 'small-sample', text: '*', title: t('smallSample') }));
      const row = existing.get(p.label) || el('tr', { data: { when: p.label } });
      const cells = [
        el('td', { text: p.label }),
        nps,
        el('td', { cls: 'num', text: p.m.nps.n ? round(p.m.nps.low) + ' – ' + round(p.m.nps.high) : '–' }),
        el('td', { cls: 'num', text: p.m.nps.n }),
        el('td', { cls: 'num', text: pct1(p.m.csat.top2) }),
        el('td', { cls: 'num', text: p.m.csat.n ? pct1(p.m.csat.top2Low) + ' – ' + pct1(p.m.csat.top2High) : '–' }),
        el('td', { cls: 'num', text: p.m.csat.n })
      ];
      const old = [...row.children];
      if (old.length !== cells.length || cells.some((c, i) => !c.isEqualNode(old[i]))) row.replaceChildren(...cells);
      return row;
    });
    if (rows.length === 0) rows.push(el('tr', null, [el('td', { cls: 'muted', text: ct('noAnswers') })]));
    arrange(body, rows);
  }

  /** The subject's share of answers at each score (bars) against the center's (line), with both counted out. */
  function chartsDistribution(ref, width) {
    const scores = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const fmt = (v) => (v === null || v === undefined ? '–' : Math.round(v) + '%');
    const plot = new uPlot({
      width, height: 200,
      scales: {
        x: { time: false, range: [-0.5, 10.5] },
        y: { range: () => [0, Math.min(100, Math.ceil(ref.top / 10) * 10 + 10)] }
      },
      axes: [{ incrs: [1], values: (u, splits) => splits.map((v) => String(v)) }, { values: (u, splits) => splits.map((v) => v + '%') }],
      series: [
        { label: ct('score'), value: (u, i) => (i === null || i === undefined ? '–' : String(i)) },
        { label: ref.who, stroke: '#2456c7', fill: '#2456c799', width: 1, paths: uPlot.paths.bars({ size: [0.6, 60] }), points: { show: false },
          value: (u, v, si, i) => (v === null || v === undefined ? '–' : fmt(v) + ' (' + ref.dist.scores.counts[i] + ')') },
        { label: ct('center'), stroke: '#b7791f', width: 2, points: { show: true, size: 6 }, value: (u, v) => fmt(v) }
      ],
      hooks: { ready: [(u) => u.setLegend({ idx: 10 })] }
    }, [scores, ref.own, ref.center], $('chart-dist'));
    chartsDistributionText(ref);
    return plot;
  }

  /** The distribution's caption and its table of counts and shares. */
  function chartsDistributionText(ref) {
    const { dist, who, own, center } = ref;
    const fmt = (v) => (v === null || v === undefined ? '–' : Math.round(v) + '%');
    const nps = dist.scores.nps;
    let caption = ct('distCaption', {
      who, n: dist.scores.n, nps: round(nps.score), low: round(nps.low), high: round(nps.high),
      cn: dist.center.n, cnps: round(dist.center.nps.score)
    });
    if (nps.smallSample) caption += ' * ' + t('smallSample') + (lang === 'zh' ? '。' : '.');
    if (dist.rawFromMs > dist.fromMs) caption += ' ' + ct('retired', { date: new Date(dist.rawFromMs).toLocaleDateString(lang === 'zh' ? 'zh-CN' : undefined) });
    if ($('chart-dist-caption').textContent !== caption) $('chart-dist-caption').textContent = caption;
    $('chart-dist').setAttribute('aria-label', ct('dist') + '. ' + caption);
    const scores = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const row = (head, cells, cls) => el('tr', { cls }, [el('th', { text: head }), ...cells.map((c) => el('td', { cls: 'num', text: c }))]);
    $('chart-dist-rows').replaceChildren(
      row(ct('score'), scores.map(String), 'scores'),
      row(who + ' ' + ct('answers'), dist.scores.counts.map(String), 'own-counts'),
      row(who + ' ' + ct('share'), own.map(fmt), 'own-shares'),
      row(ct('centerShare'), center.map(fmt), 'center-shares'));
  }

  /** The weekday-by-hour grid as a table: each cell's colour is its rate, its text the rate and n. */
  function chartsMap(map) {
    $('chart-map-title').textContent = ct('mapTitle', { team: map.name, days: map.days });
    const days = ct('weekdays');
    const th = (text, scope) => { const e = el('th', { text }); e.scope = scope; return e; };
    const head = el('tr', null, [th(ct('hour'), 'col'), ...Array.from({ length: 24 }, (x, h) => th(String(h), 'col'))]);
    const rows = [0, 1, 2, 3, 4, 5, 6].map((d) => {
      const cells = map.cells.slice(d * 24, d * 24 + 24).map((c) => {
        if (!c.n) return el('td', { cls: 'empty' });
        const td = el('td', {
          cls: c.smallSample ? 'small' : '',
          title: ct('cell', { day: days[d], hour: String(c.hour).padStart(2, '0'), rate: pct1(c.rate), low: pct1(c.low), high: pct1(c.high), n: c.n }),
          data: { weekday: String(c.weekday), hour: String(c.hour) }
        }, [el('span', { cls: 'rate', text: pct1(c.rate) }), el('span', { cls: 'n', text: 'n=' + c.n })]);
        // The colour deepens with the rate; a small sample is drawn paler and dashed, never as a bare ranking.
        td.style.backgroundColor = 'rgba(192, 57, 43, ' + (0.12 + 0.6 * c.rate) * (c.smallSample ? 0.6 : 1) + ')';
        return td;
      });
      return el('tr', null, [th(days[d], 'row'), ...cells]);
    });
    $('chart-map').replaceChildren(el('thead', null, [head]), el('tbody', null, rows));
  }

  /** Puts the panel's words in the current language and draws again. */
  function chartsLanguage() {
    for (const e of document.querySelectorAll('[data-chart-text]')) e.textContent = ct(e.dataset.chartText);
    for (const o of $('chart-subject').options) {
      const s = chartState.subjects.find((x) => x.value === o.value);
      if (s && !s.agentId) o.textContent = s.label = ct('teamOption', { name: s.name });
    }
    if (chartState.data) { chartsVersions(); chartsDraw(); }
    liveVersionsShow();
  }

  // ---- live board: its scores count every survey version asked today; when there were several, it says so.
  const liveVersions = { data: null, timer: null, lastMs: 0 };

  /** Asks which versions today's surveys were asked in, at most once every 30 s. */
  function liveVersionsSoon() {
    if (liveVersions.timer !== null || wall) return;
    const delay = Math.max(0, liveVersions.lastMs + 30000 - Date.now());
    liveVersions.timer = setTimeout(async () => {
      liveVersions.timer = null;
      liveVersions.lastMs = Date.now();
      try {
        liveVersions.data = await api('GET', 'api/history?days=1');
        liveVersionsShow();
      } catch (e) { console.warn('versions', e); }
    }, delay);
  }

  /** Versions as the notes list them: name and surveys of each. */
  function versionsList(versions) {
    return versions.map((v) => chartsVersionName(v) + ' (' + ct('surveysN', { n: v.surveys }) + ')').join(', ');
  }

  function liveVersionsShow() {
    const d = liveVersions.data;
    const note = $('live-mix');
    const mixed = !!(d && d.mixed);
    if (mixed) note.textContent = t('liveMixed').replace('{list}', versionsList(d.versions));
    note.classList.toggle('hidden', !mixed);
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
    state.snapshots = 0;
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
      // A snapshot after the first (a reconnection) may follow changes that were missed: the charts ask again.
      if (state.snapshots++ > 0 && chartState.data) chartsSoon();
      applyMetrics(data, true);
      liveVersionsSoon();
      state.alerts.clear();
      for (const a of data.alerts) applyAlert(a);
      refresh(); followUpSoon();
    });
    src.addEventListener('metrics', (ev) => {
      const data = JSON.parse(ev.data);
      // Only a change of an agent's figures (not of their presence) concerns the charts.
      const figures = (a) => JSON.stringify(Object.assign({}, a, { online: null, changed: null }));
      const moved = data.agents.filter((a) => !state.agents.has(a.agentId) || figures(state.agents.get(a.agentId)) !== figures(a));
      applyMetrics(data, false);
      refresh();
      if (moved.length) liveVersionsSoon();
      if (chartState.data && chartsConcern(moved)) chartsSoon();
    });
    src.addEventListener('alert', (ev) => {
      const a = JSON.parse(ev.data);
      if (a.state !== 'closed' && !state.alerts.has(a.id)) announceAlert(a);
      applyAlert(a);
      refresh();
    });
  }

  /** Draws what the state holds, in the board or the wall board. */
  function refresh() {
    if (wall) renderWall(); else { render(); renderAlerts(); syncDriversTeams(); }
  }

  /** Tells screen readers, through the polite live region, that an alert came in. */
  function announceAlert(a) {
    const scores = [];
    if (a.nps !== null && a.nps !== undefined) scores.push('NPS ' + a.nps);
    if (a.csat !== null && a.csat !== undefined) scores.push('CSAT ' + a.csat);
    $('announce').textContent = t('newAlert') + ': ' + a.displayName + ' · ' + t(a.kind === 'trend' ? 'trend' : 'detractor')
      + (scores.length ? ' · ' + scores.join(', ') : '');
  }

  // ---- drivers: what drives the scores, per team (an importance-performance view), and a trend alert's evidence.
  // Kept apart from the rest of the board: its words, its state and its drawing live here.
  const DRIVERS_I18N = {
    en: {
      title: 'What drives the scores', team: 'Team', days: 'Days', factor: 'Factor', worst: 'Worst level',
      importance: 'Detractor rate raised (95% interval)', csat: 'CSAT top-2 change', teamShare: 'Team share',
      centerShare: 'Center share', gap: 'Weighted gap', none: 'Not enough surveys in these days to tell.',
      focus: 'Largest weighted gap: {f} ({l}): {t} of the team\'s surveyed calls against {c} center-wide; it adds {g} points to the team\'s detractor rate.',
      noFocus: 'No factor both clearly matters to callers and is worse for this team than for the center.',
      xAxis: 'Team share of calls in the worst level minus the center\'s (points)', yAxis: 'Detractor rate raised (points)',
      surveys: '{n} surveys of the team, {c} of the center.',
      repeatNone: 'Repeat callers are known only for SIP lines, and none of the surveyed calls in these days had a caller number.',
      expectation: 'Experience against expectation: no survey of the team in these days answered the expectation question (a 1-5 scale question with the id expectation, 3 meaning as expected).',
      expectationGap: 'Experience − expectation · × importance',
      legend: 'Importance is measured across the center: the detractor rate in a factor\'s worst level minus in its other levels. The weighted gap is importance times the team\'s extra share of calls in that level.',
      resolved: 'Resolved', talk: 'Talk time', mute: 'Mute ratio', hold: 'Hold time', language: 'Language', hour: 'Hour of day',
      repeat: 'Repeat caller', yes: 'yes', no: 'no', other: 'other', firstContact: 'first contact',
      repeatContact: 'repeat within 7 days',
      onlyVersion: 'Surveys of {version} only, with their calls, for the team and the center alike.',
      evidence: 'Detractors {b} before (n={bn}) → {a} since ({ad} of {an}); center {c}; {s} sure it is a slide'
    },
    zh: {
      title: '影响分数的因素', team: '团队', days: '天数', factor: '因素', worst: '最差档',
      importance: '贬损者比例升高（95% 区间）', csat: 'CSAT 前两档变化', teamShare: '团队占比',
      centerShare: '中心占比', gap: '加权差距', none: '这几天的调查不足以判断。',
      focus: '加权差距最大：{f}（{l}）：团队 {t} 的已调查通话在此档，中心为 {c}；使团队贬损者比例增加 {g} 个百分点。',
      noFocus: '没有既对客户明显重要、又在本团队比中心更差的因素。',
      xAxis: '团队在最差档的通话占比减去中心占比（百分点）', yAxis: '贬损者比例升高（百分点）',
      surveys: '团队 {n} 份调查，中心 {c} 份。',
      repeatNone: '重复来电：仅 SIP 线路能识别，这几天的已调查通话都没有来电号码。',
      expectation: '体验与预期之差：这几天团队的调查中没有人回答预期问题（编号为 expectation 的 1-5 分量表题，3 表示符合预期）。',
      expectationGap: '体验 − 预期 · × 重要性',
      legend: '重要性按全中心计算：因素最差档的贬损者比例减去其他档的比例。加权差距 = 重要性 × 团队在该档多出的通话占比。',
      resolved: '已解决', talk: '通话时长', mute: '静音比例', hold: '保持时长', language: '语言', hour: '时段',
      repeat: '重复来电', yes: '是', no: '否', other: '其他', firstContact: '首次来电',
      repeatContact: '7 天内再次来电',
      onlyVersion: '仅统计 {version} 的调查及其通话，团队与中心均如此。',
      evidence: '贬损者比例 之前 {b}（n={bn}）→ 之后 {a}（{ad}/{an}）；中心 {c}；下滑的把握 {s}'
    }
  };
  const dt = (k) => (DRIVERS_I18N[lang][k] !== undefined ? DRIVERS_I18N[lang][k] : k);
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (values[k] !== undefined ? String(values[k]) : m));
  const signed = (x) => (Math.abs(x) < 0.005 ? '0.00' : (x > 0 ? '+' : '') + x.toFixed(2));
  const points = (x) => (x === null || x === undefined ? '–' : Math.abs(x) < 0.0005 ? '0.0' : (x > 0 ? '+' : '') + (x * 100).toFixed(1));
  const driversState = { team: null, data: null, version: null, seq: 0 };

  /** A trend alert's evidence, in words. */
  function trendEvidence(e) {
    return el('div', { cls: 'evidence', text: fill(dt('evidence'), {
      b: pct(e.beforeRate), bn: e.beforeN, a: pct(e.afterRate), ad: e.afterDetractors, an: e.afterN,
      c: pct(e.centerRate), s: e.sureAboveBefore >= 0.995 ? '>99%' : pct(e.sureAboveBefore)
    }) });
  }

  /** Keeps the team choice in step with the teams the board knows; loads the view once a team is known. */
  function syncDriversTeams() {
    if (wall || !state.me) return;
    const select = $('drivers-team');
    const ids = new Set([...state.teams.keys()]);
    if (state.me.team) ids.add(state.me.team);
    const wanted = [...ids].sort();
    const shown = [...select.options].map((o) => o.value);
    if (wanted.join('\n') !== shown.join('\n')) {
      select.replaceChildren(...wanted.map((id) => {
        const o = el('option', { text: state.teams.get(id) ? state.teams.get(id).name : id });
        o.value = id;
        return o;
      }));
      if (driversState.team && wanted.includes(driversState.team)) select.value = driversState.team;
    }
    if (!driversState.team && wanted.length > 0) {
      driversState.team = state.me.team && wanted.includes(state.me.team) ? state.me.team : wanted[0];
      select.value = driversState.team;
      loadDrivers();
    }
  }

  async function loadDrivers() {
    const team = $('drivers-team').value || driversState.team;
    if (!team) return;
    driversState.team = team;
    const seq = ++driversState.seq;
    try {
      const picked = driversState.version;
      const data = await api('GET', 'api/drivers?team=' + encodeURIComponent(team) + '&days=' + encodeURIComponent($('drivers-days').value)
        + (picked ? '&surveyId=' + encodeURIComponent(picked.surveyId) + '&version=' + encodeURIComponent(picked.version) : ''));
      if (seq !== driversState.seq) return;
      driversState.data = data;
      renderDrivers();
    } catch (e) { console.warn('drivers failed', e); }
  }

  /** Starts the view afresh for the user who just logged in. */
  function initDrivers() {
    driversState.team = null;
    driversState.data = null;
    driversState.version = null;
    driversState.seq++;
    $('drivers-team').replaceChildren();
    $('drivers-summary').textContent = '';
    $('drivers-rows').replaceChildren();
    $('drivers-chart').replaceChildren();
    $('drivers-notes').replaceChildren();
    if (initDrivers.done) return;
    initDrivers.done = true;
    $('drivers-team').addEventListener('change', loadDrivers);
    $('drivers-days').addEventListener('change', loadDrivers);
    $('drivers-version').addEventListener('change', () => {
      const key = $('drivers-version').value;
      const versions = (driversState.data && driversState.data.versions) || [];
      driversState.version = versions.find((v) => chartsVersionKey(v) === key) || null;
      loadDrivers();
    });
  }

  /**
   * Says whether the view's survey figures mix program versions, and offers the versions its period holds (a survey
   * that named no program is listed, not offered).
   */
  function driversVersions(data) {
    const picked = driversState.version;
    const offered = (data.versions || []).filter((v) => v.surveyId !== null && v.version !== null);
    const any = el('option', { text: ct('allVersions') });
    any.value = '';
    $('drivers-version').replaceChildren(any, ...offered.map((v) => {
      const o = el('option', { text: chartsVersionName(v) + ' (' + ct('surveysN', { n: v.surveys }) + ')' });
      o.value = chartsVersionKey(v);
      return o;
    }));
    $('drivers-version').value = picked && offered.some((v) => chartsVersionKey(v) === chartsVersionKey(picked))
      ? chartsVersionKey(picked) : '';
    $('drivers-version-label').classList.toggle('hidden', !picked && !data.mixed);
    const note = $('drivers-mix');
    note.textContent = picked ? fill(dt('onlyVersion'), { version: chartsVersionName(picked) })
      : data.mixed ? ct('mixed', { n: data.versions.length, list: versionsList(data.versions) }) : '';
    note.classList.toggle('hidden', !picked && !data.mixed);
    $('drivers').dataset.versions = picked ? 'one' : data.mixed ? 'mixed' : 'single';
  }

  const levelText = (factor, level) => (factor === 'repeat' ? dt(level === 'repeat' ? 'repeatContact' : 'firstContact')
    : factor === 'resolved' || level === 'other' ? dt(level) : level);

  /** Draws the view from the last answer, in the page's language. */
  function renderDrivers() {
    $('drivers-title').textContent = dt('title');
    $('drivers-team-label').textContent = dt('team');
    $('drivers-days-label').textContent = dt('days');
    const data = driversState.data;
    const withExpectation = !!(data && data.expectation.available);
    $('drivers-head').replaceChildren(...['factor', 'worst', 'importance', 'csat', 'teamShare', 'centerShare', 'gap']
      .concat(withExpectation ? ['expectationGap'] : [])
      .map((k, i) => el('th', { cls: i >= 2 ? 'num' : '', text: dt(k) })));
    if (!data) return;
    const rated = data.factors.filter((f) => f.importance);
    const focus = data.factors.find((f) => f.factor === data.focus);
    $('drivers-summary').textContent = rated.length === 0 ? dt('none') : focus
      ? fill(dt('focus'), { f: dt(focus.factor), l: levelText(focus.factor, focus.worst), t: pct(focus.performance.teamShare),
        c: pct(focus.performance.centerShare), g: points(focus.weightedGap).replace('+', '') })
      : dt('noFocus');
    $('drivers-rows').replaceChildren(...data.factors.map((f) => {
      const i = f.importance, p = f.performance;
      return el('tr', { cls: f.factor === data.focus ? 'focus' : '', data: { factor: f.factor } }, [
        el('td', { text: dt(f.factor) }),
        el('td', { text: f.worst === null ? '–' : levelText(f.factor, f.worst) }),
        el('td', { cls: 'num', text: i ? points(i.detractorDiff) + ' (' + points(i.low) + ' … ' + points(i.high) + ')' : '–' }),
        el('td', { cls: 'num', text: i ? points(i.csatTop2Diff) : '–' }),
        el('td', { cls: 'num', text: p ? pct(p.teamShare) : '–' }),
        el('td', { cls: 'num', text: p ? pct(p.centerShare) : '–' }),
        el('td', { cls: 'num', text: f.weightedGap === null ? '–' : points(f.weightedGap) }),
        withExpectation ? el('td', { cls: 'num expectation', text: f.expectation
          ? signed(f.expectation.meanGap) + ' (n=' + f.expectation.n + ') · ' + signed(f.expectation.weighted)
          : '–' }) : null
      ]);
    }));
    driversVersions(data);
    $('drivers-chart').replaceChildren(driversChart(data));
    $('drivers-notes').replaceChildren(...[
      el('div', { text: fill(dt('surveys'), { n: data.teamSurveys, c: data.centerSurveys }) }),
      el('div', { text: dt('legend') }),
      data.repeatCaller.available ? null : el('div', { text: dt('repeatNone') }),
      data.expectation.available ? null : el('div', { text: dt('expectation') })].filter(Boolean));
  }

  /**
   * The importance-performance chart as SVG: across, how much more of the team's calls fall in each factor's worst
   * level than the center's; up, how much that level raises the detractor rate, with its 95% interval. The factor with
   * the largest weighted gap is drawn in red. Every label is set as text.
   */
  function driversChart(data) {
    const NS = 'http://www.w3.org/2000/svg';
    const svg = (tag, attrs, text) => {
      const e = document.createElementNS(NS, tag);
      for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
      if (text !== undefined) e.textContent = String(text);
      return e;
    };
    const W = 640, H = 320, L = 56, R = 16, T = 16, B = 44;
    const rated = data.factors.filter((f) => f.importance && f.performance && f.performance.teamShare !== null);
    const root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': dt('title') });
    const xMax = Math.max(0.05, ...rated.map((f) => Math.abs(f.performance.teamShare - f.performance.centerShare))) * 1.15;
    const yMin = Math.min(0, ...rated.map((f) => f.importance.low));
    const yMax = Math.max(0.05, ...rated.map((f) => f.importance.high)) * 1.1;
    const x = (v) => L + ((v + xMax) / (2 * xMax)) * (W - L - R);
    const y = (v) => T + (1 - (v - yMin) / (yMax - yMin)) * (H - T - B);
    root.appendChild(svg('line', { class: 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }));
    root.appendChild(svg('line', { class: 'axis', x1: L, y1: T, x2: L, y2: H - B }));
    root.appendChild(svg('line', { class: 'zero', x1: x(0), y1: T, x2: x(0), y2: H - B }));
    if (yMin < 0) root.appendChild(svg('line', { class: 'zero', x1: L, y1: y(0), x2: W - R, y2: y(0) }));
    for (const v of [-xMax, 0, xMax]) root.appendChild(svg('text', { x: x(v), y: H - B + 14, 'text-anchor': 'middle' }, points(v)));
    for (const v of [yMin, yMax]) root.appendChild(svg('text', { x: L - 4, y: y(v) + 4, 'text-anchor': 'end' }, points(v)));
    root.appendChild(svg('text', { class: 'axis-label', x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle' }, dt('xAxis')));
    root.appendChild(svg('text', { class: 'axis-label', x: 12, y: (T + H - B) / 2, 'text-anchor': 'middle',
      transform: 'rotate(-90 12 ' + (T + H - B) / 2 + ')' }, dt('yAxis')));
    for (const f of rated) {
      const px = x(f.performance.teamShare - f.performance.centerShare), py = y(f.importance.detractorDiff);
      const g = svg('g', { class: 'factor', 'data-factor': f.factor });
      g.appendChild(svg('line', { class: 'interval', x1: px, y1: y(f.importance.low), x2: px, y2: y(f.importance.high) }));
      g.appendChild(svg('circle', { class: 'point' + (f.factor === data.focus ? ' focus' : ''), cx: px, cy: py, r: f.factor === data.focus ? 7 : 5 }));
      // Labels on the right half go to the left of their point, so that none runs off the chart.
      const left = px > (L + W - R) / 2;
      g.appendChild(svg('text', { x: left ? px - 9 : px + 9, y: py + 4, 'text-anchor': left ? 'end' : 'start' },
        dt(f.factor) + ' (' + levelText(f.factor, f.worst) + ')'));
      root.appendChild(g);
    }
    return root;
  }

  // ---- wall board: one team at a time in large type, read-only, no controls
  let wallIndex = 0;
  function wallTeams() {
    const ids = new Set([...state.teams.keys()]);
    for (const a of state.agents.values()) ids.add(a.team);
    return [...ids].sort();
  }

  function renderWall() {
    const root = $('wall-view');
    if (!state.me) { root.replaceChildren(el('p', { cls: 'wall-empty', text: t('wallLogin') }), loginLink()); return; }
    const teams = wallTeams();
    if (teams.length === 0) { root.replaceChildren(el('p', { cls: 'wall-empty', text: t('noTeams') })); return; }
    wallIndex %= teams.length;
    const teamId = teams[wallIndex];
    const team = state.teams.get(teamId);
    const m = team ? team.today : null;
    const agents = [...state.agents.values()].filter((a) => a.team === teamId)
      .sort((x, y) => x.displayName.localeCompare(y.displayName));
    const openAlerts = [...state.alerts.values()].filter((a) => a.team === teamId).length;
    const figure = (cls, label, value) => el('div', { cls: 'figure ' + cls }, [el('div', { cls: 'label', text: label }), el('div', { cls: 'value', text: value })]);
    const npsText = (mm) => (mm.nps.score === null ? '–' : Math.round(mm.nps.score) + (mm.nps.margin !== null ? ' ±' + Math.round(mm.nps.margin) : ''));
    const head = el('div', { cls: 'wall-head' }, [
      el('h2', { cls: 'wall-team', data: { team: teamId }, text: team ? team.name : teamId }),
      el('span', { cls: 'wall-turn', text: t('teamOf').replace('{i}', wallIndex + 1).replace('{n}', teams.length) })
    ]);
    const figures = el('div', { cls: 'wall-figures' }, m ? [
      figure('nps', 'NPS', npsText(m)),
      figure('csat', t('csat'), fmt1(m.csat.mean)),
      figure('responses', t('responses'), String(m.responses)),
      figure('alerts', t('openAlerts'), String(openAlerts))
    ] : []);
    const rows = agents.map((a) => {
      const am = a.today;
      return el('tr', { cls: 'agent-row', data: { agent: a.agentId } }, [
        el('td', { cls: 'name', text: a.displayName }),
        el('td', { cls: 'presence-text' + (a.online ? ' online' : ''), text: t(a.online ? 'online' : 'offline') }),
        el('td', { cls: 'num nps', text: npsText(am) + (am.nps.smallSample ? ' * ' + t('fewAnswers') : '') }),
        el('td', { cls: 'num csat', text: fmt1(am.csat.mean) }),
        el('td', { cls: 'num responses', text: String(am.responses) })
      ]);
    });
    const table = el('table', { cls: 'wall-agents' }, [
      el('thead', null, [el('tr', null, ['agent', 'presence', 'nps', 'csat', 'responses'].map((k, i) =>
        el('th', { cls: i >= 2 ? 'num' : '', text: k === 'presence' ? '' : t(k === 'nps' ? 'nps' : k) })))]),
      el('tbody', null, rows)
    ]);
    root.replaceChildren(head, figures, table);
  }

  function startWall() {
    document.body.classList.add('wall');
    for (const id of ['login-view', 'board-view', 'lang', 'logout']) $(id).remove();
    $('wall-view').classList.remove('hidden');
    setInterval(() => { wallIndex++; renderWall(); }, wallEveryMs);
    api('GET', 'api/me').then((me) => { state.me = me; $('who').textContent = me.username; renderWall(); connect(); })
      .catch(() => { state.me = null; renderWall(); });
  }

  function loginLink() {
    const link = el('a', { text: t('login') });
    link.href = './';
    return link;
  }

  function loginError(e) {
    if (e.status === 429) return t('tooMany').replace('{s}', e.retryAfter || '?');
    if (e.status === 503) return t('busy');
    if (e.status === 401) return t('loginFailed');
    if (e.status === undefined) return t('unreachable');
    return t('loginRefused') + ' ' + e.message;
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
    if (wall) { state.me = null; renderWall(); return; }
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
    chartsShow().catch((e) => console.warn('charts', e));
    initDrivers(); renderDrivers();
    connect();
  }

  function applyLanguage() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
    $('lang').textContent = lang === 'zh' ? 'English' : '中文';
    if (wall) return;
    if (state.me) {
      render(); renderAlerts(); renderDrivers();
      if (state.me.role === 'admin') loadEnrolments().catch((e) => console.warn('enrolments', e));
      chartsLanguage();
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    if (wall) { applyLanguage(); startWall(); return; }
    $('login-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      $('login-error').textContent = '';
      try {
        showBoard(await api('POST', 'api/login', { username: $('username').value, password: $('password').value }));
        $('password').value = '';
      } catch (e) { $('login-error').textContent = loginError(e); }
    });
    $('logout').addEventListener('click', async () => { await api('POST', 'api/logout').catch(() => {}); showLogin(); });
    $('window').addEventListener('change', render);
    $('enrol-form').addEventListener('submit', (ev) => { ev.preventDefault(); makeCode(); });
    $('drill-close').addEventListener('click', () => $('drill').classList.add('hidden'));
    $('drill-charts').addEventListener('click', () => {
      if ($('drill').dataset.agent) chartsSelect($('drill').dataset.agent, true).catch((e) => console.warn('charts', e));
    });
    $('lang').addEventListener('click', () => {
      lang = lang === 'zh' ? 'en' : 'zh';
      localStorage.setItem('cx.lang', lang);
      applyLanguage();
    });
    applyLanguage();
    api('GET', 'api/me').then(showBoard).catch(() => showLogin());
  });
})();
