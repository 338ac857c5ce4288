// The TransitionNet coordinator dashboard: polls the coordinator's REST API (same origin) and
// renders sites, jobs, the selected job's rounds, its leaderboard and the cross-site matrix.
// Query parameters: poll=<ms> (default 2000), api=<base url> (default ../api/ relative to the page).
import { Chart, registerables } from 'chart.js';

Chart.register(...registerables);

const params = new URLSearchParams(location.search);
const POLL_MS = Math.max(100, Number(params.get('poll') || 2000));
const API = new URL(params.get('api') || '../api/', location.href);
const METRICS = ['mae', 'rmse', 'directional_accuracy', 'picp50', 'picp90', 'nll', 'crps', 'mace',
  'skill', 'effect_error', 'n'];

const state = { sites: [], jobs: [], selectedJob: null, leaderboard: null, metric: 'skill',
  updates: 0, lastError: null };
let renderedLeaderboard = null; // the JSON text and metric the tables show, to redraw only on change
const charts = {};

function $(id) { return document.getElementById(id); }

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'className') e.className = v; else e.setAttribute(k, v);
  }
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Three decimals; the leaderboard's null (fewer than k records) as an en dash. */
export function fmt(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '\u2013';
  if (Number.isInteger(v) && Math.abs(v) >= 1000) return String(v);
  return Number(v).toFixed(3);
}

async function getJson(path) {
  const res = await fetch(new URL(path, API), { credentials: 'same-origin',
    headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

function renderSites() {
  const body = $('sites').tBodies[0];
  body.replaceChildren(...state.sites.map((s) => {
    const tr = el('tr', { 'data-site': s.siteId });
    tr.append(el('td', {}, s.siteId), el('td', { className: `status-${s.status}` }, s.status),
      el('td', {}, s.connected ? 'yes' : 'no'), el('td', {}, s.lastHeartbeat || '\u2013'));
    return tr;
  }));
}

function lastRound(job) {
  const h = job.roundHistory || [];
  return h.length ? h[h.length - 1] : null;
}

function renderJobs() {
  const body = $('jobs').tBodies[0];
  body.replaceChildren(...state.jobs.map((j) => {
    const last = lastRound(j);
    const tr = el('tr', { 'data-job': j.jobId });
    if (j.jobId === state.selectedJob) tr.className = 'selected';
    tr.append(el('td', {}, j.jobId), el('td', { className: `status-${j.status}` }, j.status),
      el('td', {}, j.task), el('td', {}, j.strategy),
      el('td', { className: 'num', 'data-field': 'rounds' }, `${j.completedRounds} / ${j.rounds}`),
      el('td', { className: 'num' }, last ? `${last.reported.length} / ${last.participants.length}` : '\u2013'),
      el('td', { className: 'num' }, last ? fmt(last.meanLoss) : '\u2013'));
    tr.addEventListener('click', () => { selectJob(j.jobId); });
    return tr;
  }));
}

function lineChart(canvas, datasets, scales) {
  return new Chart(canvas, {
    type: 'line',
    data: { labels: [], datasets },
    options: { animation: false, responsive: true, maintainAspectRatio: true, aspectRatio: 2,
      interaction: { mode: 'index', intersect: false }, scales },
  });
}

function renderJob() {
  const job = state.jobs.find((j) => j.jobId === state.selectedJob);
  $('job-section').hidden = !job;
  if (!job) return;
  $('job-id').textContent = job.jobId;
  $('job-status').textContent = job.status + (job.failure ? ` (${job.failure})` : '');
  $('job-round').textContent = job.completedRounds;
  $('job-rounds').textContent = job.rounds;
  $('job-progress').max = Math.max(1, job.rounds);
  $('job-progress').value = job.completedRounds;
  const h = job.roundHistory || [];
  if (!charts.loss) {
    charts.loss = lineChart($('loss-chart'), [{ label: 'mean loss', data: [], borderColor: '#0b57d0',
      backgroundColor: '#0b57d0' }], { x: { title: { display: true, text: 'round' } } });
    charts.sites = lineChart($('sites-chart'), [
      { label: 'sites reported', data: [], borderColor: '#176b2c', backgroundColor: '#176b2c', yAxisID: 'y', stepped: true },
      { label: 'training samples', data: [], borderColor: '#c26401', backgroundColor: '#c26401', yAxisID: 'y1' }],
    { x: { title: { display: true, text: 'round' } }, y: { beginAtZero: true, ticks: { precision: 0 } },
      y1: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } } });
  }
  const labels = h.map((r) => r.round);
  charts.loss.data.labels = labels;
  charts.loss.data.datasets[0].data = h.map((r) => r.meanLoss);
  charts.loss.update();
  charts.sites.data.labels = labels;
  charts.sites.data.datasets[0].data = h.map((r) => r.reported.length);
  charts.sites.data.datasets[1].data = h.map((r) => r.totalSamples);
  charts.sites.update();
}

function macro(method, key) {
  const r = method.results && method.results[key];
  return r && r.macro ? r.macro[state.metric] : null;
}

function renderLeaderboard() {
  const lb = state.leaderboard;
  $('leaderboard-section').hidden = !lb;
  $('cross-site-section').hidden = !(lb && lb.cross_site);
  if (!lb) return;
  const key = `${state.metric} ${JSON.stringify(lb)}`;
  if (key === renderedLeaderboard) return;
  renderedLeaderboard = key;
  $('leaderboard-task').textContent = `(task ${lb.task}, created ${lb.created})`;
  const select = $('metric');
  if (!select.options.length) {
    for (const m of METRICS) select.append(el('option', { value: m }, m));
    select.value = state.metric;
    select.addEventListener('change', () => { state.metric = select.value; renderLeaderboard(); });
  }
  const columns = [...lb.sites, 'pooled', 'worst_site'];
  const head = el('tr');
  head.append(el('th', {}, 'method'), el('th', {}, 'kind'),
    ...columns.map((c) => el('th', { 'data-column': c }, c === 'worst_site' ? 'worst site' : c)));
  $('leaderboard').tHead.replaceChildren(head);
  $('leaderboard').tBodies[0].replaceChildren(...lb.methods.map((m) => {
    const tr = el('tr', { 'data-method': m.name });
    tr.append(el('td', {}, m.name), el('td', {}, m.kind),
      ...columns.map((c) => el('td', { className: 'num', 'data-column': c }, fmt(macro(m, c)))));
    return tr;
  }));
  renderCrossSite(lb.cross_site);
  renderLeaderboardNotes(lb.settings || {});
}

/** Sites that released noised sums, and methods some site could not evaluate. */
function renderLeaderboardNotes(settings) {
  const notes = [];
  for (const [site, r] of Object.entries(settings.evaluation_release || {})) {
    notes.push(el('li', { 'data-release': site },
      `${site} released differentially private sums (Gaussian, epsilon ${r.epsilon_per_release} `
      + `per release, delta ${r.delta}, clipped to ${r.clip_sds} sd): its column and the pooled `
      + 'one carry its noise'));
  }
  for (const [method, sites] of Object.entries(settings.evaluation_failures || {})) {
    for (const [site, reason] of Object.entries(sites)) {
      notes.push(el('li', { 'data-failure': `${method} ${site}` }, `${method} at ${site}: ${reason}`));
    }
  }
  $('leaderboard-notes').replaceChildren(...notes);
}

/** Larger is worse, as the leaderboard's worst-site column judges. */
function badness(metric, v) {
  if (['n', 'directional_accuracy', 'skill'].includes(metric)) return -v;
  if (metric === 'picp50') return Math.abs(v - 0.5);
  if (metric === 'picp90') return Math.abs(v - 0.9);
  return v;
}

function heat(t) {
  // t in [0, 1]: 0 best (blue), 1 worst (orange)
  const a = [66, 133, 244]; const b = [244, 140, 40];
  const c = a.map((x, i) => Math.round(x + (b[i] - x) * t));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

function renderCrossSite(cs) {
  if (!cs) return;
  const matrix = (cs.macro || {})[state.metric] || [];
  const values = matrix.flat().filter((v) => v !== null && v !== undefined);
  const bad = values.map((v) => badness(state.metric, v));
  const lo = Math.min(...bad); const hi = Math.max(...bad);
  const head = el('tr');
  head.append(el('th', {}, 'trained at \u2193 / evaluated at \u2192'),
    ...cs.evaluated_at.map((s) => el('th', {}, s)));
  $('cross-site').tHead.replaceChildren(head);
  $('cross-site').tBodies[0].replaceChildren(...cs.trained_at.map((site, i) => {
    const tr = el('tr', { 'data-trained-at': site });
    tr.append(el('th', {}, `local:${site}`));
    cs.evaluated_at.forEach((col, j) => {
      const v = matrix[i] ? matrix[i][j] : null;
      const td = el('td', { className: 'num', 'data-evaluated-at': col }, fmt(v));
      if (v !== null && v !== undefined) {
        const t = hi > lo ? (badness(state.metric, v) - lo) / (hi - lo) : 0;
        td.style.background = heat(t);
        td.style.color = t > 0.35 && t < 0.75 ? '#111' : '#fff';
      }
      tr.append(td);
    });
    return tr;
  }));
}

async function refreshLeaderboard() {
  if (!state.selectedJob) { state.leaderboard = null; return; }
  try {
    state.leaderboard = await getJson(`jobs/${encodeURIComponent(state.selectedJob)}/leaderboard`);
  } catch (e) {
    state.leaderboard = null;
  }
}

function selectJob(jobId) {
  state.selectedJob = jobId;
  renderJobs();
  renderJob();
  refreshLeaderboard().then(renderLeaderboard);
}

async function poll() {
  try {
    const [sites, jobs] = await Promise.all([getJson('sites'), getJson('jobs')]);
    state.sites = sites;
    state.jobs = jobs;
    if (!state.selectedJob || !jobs.some((j) => j.jobId === state.selectedJob)) {
      const running = jobs.find((j) => j.status === 'RUNNING');
      state.selectedJob = running ? running.jobId : (jobs.length ? jobs[jobs.length - 1].jobId : null);
    }
    await refreshLeaderboard();
    renderSites();
    renderJobs();
    renderJob();
    renderLeaderboard();
    state.updates += 1;
    state.lastError = null;
    $('status').textContent = `updated ${new Date().toLocaleTimeString()} (every ${POLL_MS / 1000} s)`;
    $('status').className = '';
  } catch (e) {
    state.lastError = String(e);
    $('status').textContent = `cannot reach the coordinator: ${e.message}`;
    $('status').className = 'error';
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

window.tnetDashboard = { state, charts };
poll();
