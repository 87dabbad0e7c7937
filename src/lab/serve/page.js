// The page of `make serve`: draw a digit, see what the trained network makes of it, forward and
// back. Every number comes from the server (src/lab/serve/api.rs lists the routes), which computes it with the
// chapter's own code; this file only draws. Plain JavaScript, no libraries.
'use strict';

const $ = (id) => document.getElementById(id);
const SIDE = 28;

// ---- talking to the server ---------------------------------------------------------------

async function api(path, body) {
  const options = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(path, options);
  const data = await response.json();
  if (!response.ok) {
    status(`오류 · error (${path}): ${data.error || response.status}`, true);
    throw new Error(data.error);
  }
  return data;
}

function status(text, isError) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
}

// ---- small pictures ------------------------------------------------------------------------

/** 784 values 0..255 as a grey 28×28 picture. */
function drawPixels(canvas, pixels) {
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(SIDE, SIDE);
  pixels.forEach((v, i) => {
    image.data.set([v, v, v, 255], 4 * i);
  });
  ctx.putImageData(image, 0, 0);
}

/** Signed values as a heat map, `width` × `height` (a square by default): red for +, blue for −,
 * white for 0, scaled by the largest. */
function drawHeat(canvas, values, width, height = width) {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(width, height);
  const scale = Math.max(1e-12, ...values.map(Math.abs));
  values.forEach((v, i) => {
    const a = Math.min(1, Math.abs(v) / scale);
    const fade = Math.round(255 * (1 - a));
    const rgb = v >= 0 ? [255, fade, fade] : [fade, fade, 255];
    image.data.set([...rgb, 255], 4 * i);
  });
  ctx.putImageData(image, 0, 0);
}

/** The ten probabilities as bars, the largest marked. */
function showBars(probabilities, best) {
  const bars = $('bars');
  bars.replaceChildren();
  probabilities.forEach((p, digit) => {
    const name = document.createElement('span');
    name.textContent = digit;
    const bar = document.createElement('div');
    bar.className = digit === best ? 'bar best' : 'bar';
    bar.style.width = `${(100 * p).toFixed(1)}%`;
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = p.toFixed(4);
    bars.append(name, bar, value);
  });
}

/** A number short enough for a cell: 2 significant digits, exponent only when tiny. */
function short(v) {
  if (v === 0) return '0';
  return Math.abs(v) >= 1e-4 ? Number(v.toPrecision(2)).toString() : v.toExponential(1);
}

/** Values as cells: each shows its index (a class, or a hidden unit), a bar as long as its size
 * (red +, blue −) and the number. Where `mask[i]`, the cell is grey (ReLU's mask); `marked` is
 * outlined. */
function showCells(element, values, { mask = null, marked = -1 } = {}) {
  const scale = Math.max(1e-12, ...values.map(Math.abs));
  element.replaceChildren(...values.map((v, i) => {
    const cell = document.createElement('div');
    cell.className = 'cell ' + (mask && mask[i] ? 'masked' : v > 0 ? 'pos' : v < 0 ? 'neg' : '') + (i === marked ? ' true' : '');
    const index = document.createElement('span');
    index.className = 'i';
    index.textContent = i;
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = `${(100 * Math.abs(v) / scale).toFixed(1)}%`;
    const value = document.createElement('span');
    value.className = 'v';
    value.textContent = short(v);
    cell.append(index, bar, value);
    return cell;
  }));
}

// ---- the network on the current image ----------------------------------------------------

let current = null;      // the 784 pixels being analysed
let chosenLabel = null;  // the true label picked for backprop; null: use the prediction

async function analyse(pixels) {
  current = pixels;
  drawPixels($('seen'), pixels);
  const forward = await api('/api/predict', { pixels });
  $('prediction').textContent = forward.prediction;
  showBars(forward.probabilities, forward.prediction);
  const mask = forward.hidden.map((h) => h === 0);
  showCells($('hidden'), forward.hidden, { mask });
  $('hidden-count').textContent = `${mask.filter((m) => m).length} / ${mask.length}개가 0 이하라 ReLU가 0으로 만듦 (회색) · hidden units were ≤ 0, so ReLU made them 0 (grey)`;
  await backprop(chosenLabel === null ? forward.prediction : chosenLabel);
}

const LABEL_NOTES = {
  test: (l) => `정답 ${l}: 테스트 이미지의 레이블 · ${l}, the test image's true label`,
  picked: (l) => `정답 ${l}: 직접 고름 · ${l}, picked by you`,
  prediction: (l) => `정답을 모르는 그림이라 예측값 ${l}을 정답으로 씀: 숫자를 눌러 바꾸세요 · a drawing has no true label, so the prediction ${l} is used; press a digit to change it`,
};
let labelKind = 'prediction'; // where the label of the backprop panel came from
let backpropLabel = 0;         // the label the backprop panel (and the network's graph) uses
let testShown = null;          // the test image being analysed, or null for a drawing

async function backprop(label) {
  if (current === null) return;
  const back = await api('/api/backprop', { pixels: current, label });
  backpropLabel = label;
  if (walk.graph === 'net') loadWalk();
  $('loss').textContent = back.loss.toPrecision(5);
  document.querySelectorAll('#labels button').forEach((b) => b.classList.toggle('selected', Number(b.textContent) === label));
  $('label-note').textContent = LABEL_NOTES[labelKind](label);
  const mask = back.mask.map((m) => m === 1);
  const hidden = back.mask.length;
  showCells($('dout2'), back.dout_affine2, { marked: label });
  // dW2 is (hidden, 10), row-major: drawn transposed, pixel (j, c) = dW2[j][c].
  const transposed = [];
  for (let c = 0; c < 10; c++) for (let j = 0; j < hidden; j++) transposed.push(back.dw2[j * 10 + c]);
  drawHeat($('dw2'), transposed, hidden, 10);
  showCells($('db2'), back.db2, { marked: label });
  showCells($('dout-relu'), back.dout_relu1);
  showCells($('before-relu'), back.before_relu, { mask });
  showCells($('dout-affine1'), back.dout_affine1, { mask });
  const masked = mask.filter((m) => m).length;
  $('mask-count').textContent = `회색 ${masked}칸은 mask가 True라 0, 나머지 ${hidden - masked}칸은 ③과 같음 · ${masked} grey cells set to 0 by the mask, the other ${hidden - masked} pass ③'s value through`;
  $('dw1').replaceChildren(...back.dw1_units.map((j, k) => {
    const figure = document.createElement('figure');
    const canvas = document.createElement('canvas');
    drawHeat(canvas, back.dw1_columns.slice(k * SIDE * SIDE, (k + 1) * SIDE * SIDE), SIDE);
    const caption = document.createElement('figcaption');
    caption.textContent = `${j}: dout ${short(back.dout_affine1[j])}`;
    figure.append(canvas, caption);
    return figure;
  }));
  drawHeat($('dx'), back.dx, SIDE);
}

function makeLabelButtons() {
  for (let d = 0; d < 10; d++) {
    const b = document.createElement('button');
    b.textContent = d;
    b.addEventListener('click', () => { chosenLabel = d; labelKind = 'picked'; backprop(d); });
    $('labels').append(b);
  }
  $('label-auto').addEventListener('click', () => { chosenLabel = null; labelKind = 'prediction'; if (current) analyse(current); });
}

// ---- drawing -----------------------------------------------------------------------------

const pad = $('pad');
const padCtx = pad.getContext('2d');
let drawing = false;
let busy = false;
let dirty = false;

function clearPad() {
  padCtx.fillStyle = 'black';
  padCtx.fillRect(0, 0, pad.width, pad.height);
}

function padPoint(event) {
  const r = pad.getBoundingClientRect();
  return [(event.clientX - r.left) * pad.width / r.width, (event.clientY - r.top) * pad.height / r.height];
}

/** The pad shrunk to 56×56 grey values (the mean of each 5×5 block), for the server to prepare. */
function padPixels() {
  const n = 56;
  const block = pad.width / n;
  const data = padCtx.getImageData(0, 0, pad.width, pad.height).data;
  const out = new Array(n * n).fill(0);
  for (let y = 0; y < pad.height; y++) {
    for (let x = 0; x < pad.width; x++) {
      out[Math.floor(y / block) * n + Math.floor(x / block)] += data[4 * (y * pad.width + x)];
    }
  }
  return { width: n, height: n, pixels: out.map((v) => Math.round(v / (block * block))) };
}

/** Prepare the drawing as MNIST (the server's to_mnist_input) and analyse it; one at a time. */
async function update() {
  if (busy) { dirty = true; return; }
  busy = true;
  try {
    chosenLabel = null; // a new drawing: backprop against its prediction until a label is picked
    testShown = null;
    labelKind = 'prediction';
    const prepared = await api('/api/prepare', padPixels());
    $('seen-note').textContent = prepared.faded
      ? '28×28로 줄이면 사라져요: 더 크고 굵게 그려 보세요 · too small or too scattered: it vanishes at 28×28; draw larger and thicker'
      : prepared.blank
      ? '아직 그린 것이 없어요 · nothing drawn yet'
      : 'MNIST처럼 준비한 28×28: 20×20 상자에 맞추고 무게중심으로 가운데 · 28×28, prepared as MNIST was (fitted to 20×20, centred by mass), as predict --image prepares a PGM';
    await analyse(prepared.pixels);
    $('test-note').textContent = '';
  } finally {
    busy = false;
    if (dirty) { dirty = false; update(); }
  }
}

function startStroke(event) {
  drawing = true;
  try { pad.setPointerCapture(event.pointerId); } catch (e) { /* a synthetic pointer cannot be captured */ }
  const [x, y] = padPoint(event);
  padCtx.beginPath();
  padCtx.moveTo(x, y);
  stroke(event);
}

function stroke(event) {
  if (!drawing) return;
  const [x, y] = padPoint(event);
  padCtx.lineTo(x, y);
  padCtx.strokeStyle = 'white';
  padCtx.lineWidth = 20;
  padCtx.lineCap = 'round';
  padCtx.lineJoin = 'round';
  padCtx.stroke();
  update();
}

function endStroke() {
  drawing = false;
  update();
}

pad.addEventListener('pointerdown', startStroke);
pad.addEventListener('pointermove', stroke);
pad.addEventListener('pointerup', endStroke);
pad.addEventListener('pointercancel', endStroke);
$('clear').addEventListener('click', () => { clearPad(); update(); });

// ---- test images and mistakes -------------------------------------------------------------

async function showTest(index) {
  const test = await api(`/api/test/${index}`);
  $('test-index').value = test.index;
  // Shown beside the pad (never on it: a stroke must not mix with it), analysed as it is, as
  // `predict --index N` does.
  drawPixels($('test-image'), test.pixels);
  chosenLabel = test.label; // a test image: backprop against its true label
  testShown = test.index;
  labelKind = 'test';
  await analyse(test.pixels);
  $('seen-note').textContent = `MNIST에 저장된 그대로의 테스트 이미지 ${test.index} (이미 28×28, 가운데) · test image ${test.index} as MNIST stores it (already 28×28, centred)`;
  $('test-note').textContent = `테스트 이미지 ${test.index}: 정답 ${test.label}, 예측 ${$('prediction').textContent} · test image ${test.index}: label ${test.label}, predicted ${$('prediction').textContent}`;
  return test;
}

$('show-test').addEventListener('click', () => showTest(Number($('test-index').value)));
$('prev').addEventListener('click', () => showTest(Math.max(0, Number($('test-index').value) - 1)));
$('next').addEventListener('click', () => showTest(Number($('test-index').value) + 1));
$('test-index').addEventListener('change', () => showTest(Number($('test-index').value)));

$('load-mistakes').addEventListener('click', async () => {
  const m = await api('/api/mistakes');
  $('mistakes-note').textContent = `${m.of}개 중 ${m.count}개 틀림, ${m.indices.length}개 표시; 눌러서 보기 · ${m.count} of ${m.of} wrong, ${m.indices.length} shown; press one`;
  $('mistakes').replaceChildren(...m.indices.map((index, k) => {
    const b = document.createElement('button');
    b.textContent = `#${index} → ${m.predicted[k]}`;
    b.addEventListener('click', () => showTest(index));
    return b;
  }));
});

// ---- W1 ---------------------------------------------------------------

async function showWeights() {
  const w = await api('/api/weights');
  $('tiles').replaceChildren(...w.columns.map((column, j) => {
    const figure = document.createElement('figure');
    const canvas = document.createElement('canvas');
    drawHeat(canvas, column, SIDE);
    const caption = document.createElement('figcaption');
    caption.textContent = j;
    figure.append(canvas, caption);
    return figure;
  }));
}

// ---- the graph view: backprop one node at a time ----------------------------------------

// What the view shows: which graph, which step, which number is chosen (edge and side, or a
// node), which entry of a matrix, the batch of the network's graph. Kept in the URL.
const walk = { graph: 'apple', step: 0, chosen: null, node: null, entry: null, batch: 1, data: null, touched: false };
const APPLE_KEYS = { apple: ['apple', 'apple_num', 'tax'], apple_orange: ['apple', 'apple_num', 'orange', 'orange_num', 'tax'] };
let walkTimer = null; // the play button's interval
let walkAsked = 0;    // the latest request, so that an older answer never overwrites a newer one
let walkDone = 0;     // the latest request answered (or failed)

/** What `POST /api/graph` is asked for the view as it is. */
function walkRequest() {
  const request = { graph: walk.graph };
  if (walk.graph === 'net') {
    Object.assign(request, { pixels: current, label: backpropLabel, batch: walk.batch });
  } else {
    for (const key of APPLE_KEYS[walk.graph]) request[key] = Number($(key).value);
  }
  const number = walk.chosen && walkNumber(walk.chosen);
  if (number && number.shape) {
    request.entry = { edge: walk.chosen.edge, backward: walk.chosen.backward };
    if (walk.entry) Object.assign(request.entry, { row: walk.entry[0], col: walk.entry[1] });
  }
  return request;
}

function walkNumber({ edge, backward }) {
  const e = walk.data && walk.data.edges[edge];
  return e && (backward ? e.backward : e.forward);
}

/** Asks the server for the graph and draws it. */
async function loadWalk() {
  if (walk.graph === 'net' && current === null) return;
  const asked = ++walkAsked;
  let data;
  try { data = await api('/api/graph', walkRequest()); } catch (e) { walkDone = asked; return; /* the status line says why */ }
  if (asked !== walkAsked) return;
  walkDone = asked;
  walk.data = data;
  walk.step = Math.min(walk.step, data.steps.length - 1);
  if (data.entry) walk.entry = [data.entry.row, data.entry.col];
  $('w-graph').innerHTML = data.svg;
  // A wide, invisible copy of every arrow, so that a finger or a mouse can hit it.
  $('w-graph').querySelectorAll('g[data-edge] line').forEach((line) => {
    const hit = line.cloneNode();
    hit.setAttribute('class', 'hit');
    hit.removeAttribute('marker-end');
    line.after(hit);
  });
  showWalk();
}

/** Which numbers the steps up to `walk.step` have produced: sets of edge indices. */
function reached() {
  const forward = new Set();
  const backward = new Set();
  walk.data.steps.slice(0, walk.step + 1).forEach((s) => s.edges.forEach((e) => (s.backward ? backward : forward).add(e)));
  return { forward, backward };
}

/** Shows the current step on the drawn graph and says what it did, or what was chosen. */
function showWalk() {
  const data = walk.data;
  if (!data) return;
  const step = data.steps[walk.step];
  const { forward, backward } = reached();
  $('w-graph').querySelectorAll('g[data-edge]').forEach((g) => {
    const e = Number(g.dataset.edge);
    const isBackward = g.dataset.dir === 'b';
    g.classList.toggle('pending', !(isBackward ? backward : forward).has(e));
    g.classList.toggle('fresh', step.backward === isBackward && step.edges.includes(e));
    g.classList.toggle('selected', walk.chosen !== null && walk.chosen.edge === e && walk.chosen.backward === isBackward);
  });
  $('w-graph').querySelectorAll('g[data-node]').forEach((g) => {
    const k = Number(g.dataset.node);
    g.classList.toggle('active', step.node === k);
    g.classList.toggle('selected', walk.node === k);
  });
  const last = data.steps.length - 1;
  const side = walk.step === 0 ? '입력 · inputs' : step.backward ? '역전파 · backward' : '순전파 · forward';
  $('w-count').textContent = `${walk.step} / ${last} · ${side}`;
  $('w-say').textContent = `${step.ko} · ${step.en}`;
  $('w-code').textContent = step.code;
  $('w-back').disabled = walk.step === 0;
  $('w-first').disabled = walk.step === 0;
  $('w-step').disabled = walk.step === last;
  showWhy(forward, backward, step);
  if (step.node !== null) keepInView(step.node);
  saveWalkInUrl();
}

/** The numbers to explain: the chosen one, the chosen node's, or those the step produced. */
function showWhy(forward, backward, step) {
  const data = walk.data;
  const box = $('w-why');
  box.replaceChildren();
  let shown = [];
  if (walk.chosen) {
    shown = [walk.chosen];
  } else if (walk.node !== null) {
    const node = data.nodes[walk.node];
    const p = document.createElement('p');
    p.textContent = `${node.label}: ${node.ko} · ${node.en}`;
    box.append(p);
    data.edges.forEach((e, i) => {
      if (e.to === walk.node && e.backward) shown.push({ edge: i, backward: true });
      if (e.from === walk.node) shown.push({ edge: i, backward: false });
    });
  } else {
    shown = step.edges.map((edge) => ({ edge, backward: step.backward }));
  }
  for (const chosen of shown) {
    const number = walkNumber(chosen);
    if (!number) continue;
    const div = document.createElement('div');
    const line = document.createElement('p');
    line.className = 'line';
    const done = (chosen.backward ? backward : forward).has(chosen.edge);
    if (done) {
      line.textContent = number.line;
      const words = document.createElement('p');
      words.className = 'small';
      words.textContent = number.words;
      div.append(line, words);
      if (number.code) {
        const code = document.createElement('pre');
        code.className = 'code';
        code.textContent = number.code;
        div.append(code);
      }
    } else {
      line.textContent = `${number.name}: 아직 계산하지 않음 · not computed yet at this step`;
      div.append(line);
    }
    box.append(div);
  }
  const number = walk.chosen && walkNumber(walk.chosen);
  const entry = walk.data.entry;
  const showEntry = Boolean(number && number.shape && entry && (walk.chosen.backward ? backward : forward).has(walk.chosen.edge));
  $('w-entry').hidden = !showEntry;
  if (showEntry) showEntryTerms(number, entry);
}

/** One entry of the chosen matrix: its formula, its numbers, and a sum's terms, largest first. */
function showEntryTerms(number, entry) {
  $('w-row').max = number.shape[0] - 1;
  $('w-col').max = number.shape[1] - 1;
  $('w-row').value = entry.row;
  $('w-col').value = entry.col;
  $('w-formula').textContent = `${entry.formula}`;
  const terms = entry.terms;
  const item = ([k, ...factors]) => {
    const li = document.createElement('li');
    const product = factors.pop();
    const shown = Number(product.toPrecision(6));
    li.textContent = factors.length > 1 ? `k = ${k}: ${factors.map(short).join(' × ')} = ${shown}` : `k = ${k}: ${shown}`;
    return li;
  };
  if (terms.length) {
    const zero = terms.filter((t) => t[t.length - 1] === 0).length;
    $('w-numbers').textContent = `Σ = ${entry.sum} = ${number.name}[${entry.row}][${entry.col}] = ${entry.value}`;
    $('w-terms-note').textContent = `항 ${terms.length}개, 큰 것부터 (그중 0인 항 ${zero}개); 합은 k 순서로 더함, Matrix::dot처럼 · ${terms.length} terms, largest first (${zero} of them 0); the sum adds them in k order, as Matrix::dot does`;
    $('w-terms').replaceChildren(...terms.slice(0, 12).map(item));
    $('w-all-terms').hidden = terms.length <= 12;
    $('w-terms-all').replaceChildren(...(terms.length > 12 ? terms.map(item) : []));
  } else {
    $('w-numbers').textContent = `= ${entry.numbers} = ${entry.value}`;
    $('w-terms-note').textContent = '';
    $('w-terms').replaceChildren();
    $('w-all-terms').hidden = true;
  }
}

/** On a phone the graph scrolls sideways: keep the node being worked on in sight. */
function keepInView(node) {
  const box = $('w-graph');
  const svg = box.querySelector('svg');
  const g = box.querySelector(`g[data-node="${node}"]`);
  if (!svg || !g || box.scrollWidth <= box.clientWidth) return;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const bbox = g.getBBox();
  box.scrollLeft = (bbox.x + bbox.width / 2) * scale - box.clientWidth / 2;
}

function saveWalkInUrl() {
  const params = new URLSearchParams();
  params.set('graph', walk.graph);
  params.set('step', walk.step);
  if (walk.chosen) params.set('edge', `${walk.chosen.edge}${walk.chosen.backward ? 'b' : 'f'}`);
  if (walk.node !== null) params.set('node', walk.node);
  if (walk.chosen && walk.entry && walkNumber(walk.chosen)?.shape) params.set('entry', walk.entry.join(','));
  if (walk.graph === 'net') {
    params.set('batch', walk.batch);
    params.set('label', backpropLabel);
    if (testShown !== null) params.set('test', testShown);
    else params.set('digit', encodeDigit(current));
  } else {
    for (const key of APPLE_KEYS[walk.graph]) params.set(key, $(key).value);
  }
  const url = `${location.pathname}?${params}#walk-panel`;
  $('w-link').href = url;
  // The address bar follows the view once the learner has used it (or opened a link to it).
  if (walk.touched) history.replaceState(null, '', url);
}

/** A drawn digit in a link: its 784 bytes as base64url. */
function encodeDigit(pixels) {
  return btoa(String.fromCharCode(...pixels.map((v) => Math.round(v)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeDigit(text) {
  const bytes = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return bytes.length === SIDE * SIDE ? [...bytes].map((c) => c.charCodeAt(0)) : null;
}

function chooseGraph(graph) {
  walk.graph = graph;
  walk.step = 0;
  walk.chosen = null;
  walk.node = null;
  walk.entry = null;
  document.querySelectorAll('#walk-graphs button').forEach((b) => b.classList.toggle('selected', b.dataset.graph === graph));
  $('walk-apples').hidden = graph === 'net';
  $('walk-apples').classList.toggle('apple-only', graph === 'apple');
  $('walk-net').hidden = graph !== 'net';
  return loadWalk();
}

function goToStep(step) {
  walk.step = Math.max(0, Math.min(step, walk.data.steps.length - 1));
  showWalk();
}

function stopPlaying() {
  clearInterval(walkTimer);
  walkTimer = null;
  $('w-play').textContent = '재생 · play';
}

document.querySelectorAll('#walk-graphs button').forEach((b) => b.addEventListener('click', () => { stopPlaying(); chooseGraph(b.dataset.graph); }));
document.querySelectorAll('#walk-apples input').forEach((input) => input.addEventListener('input', loadWalk));
$('w-batch').addEventListener('change', () => { walk.batch = Number($('w-batch').value); walk.entry = null; loadWalk(); });
$('w-first').addEventListener('click', () => { stopPlaying(); goToStep(0); });
$('w-back').addEventListener('click', () => { stopPlaying(); goToStep(walk.step - 1); });
$('w-step').addEventListener('click', () => { stopPlaying(); goToStep(walk.step + 1); });
$('w-play').addEventListener('click', () => {
  if (walkTimer) return stopPlaying();
  if (walk.step === walk.data.steps.length - 1) goToStep(0);
  $('w-play').textContent = '멈춤 · pause';
  walkTimer = setInterval(() => {
    goToStep(walk.step + 1);
    if (walk.step === walk.data.steps.length - 1) stopPlaying();
  }, 1100);
});
$('walk-panel').addEventListener('click', () => { walk.touched = true; }, true);
$('walk-panel').addEventListener('input', () => { walk.touched = true; }, true);
$('w-graph').addEventListener('click', (event) => {
  const edge = event.target.closest('g[data-edge]');
  const node = event.target.closest('g[data-node]');
  if (edge) {
    walk.chosen = { edge: Number(edge.dataset.edge), backward: edge.dataset.dir === 'b' };
    walk.node = null;
    walk.entry = null;
  } else if (node) {
    walk.node = Number(node.dataset.node);
    walk.chosen = null;
  } else {
    walk.chosen = null;
    walk.node = null;
  }
  // A matrix's entry comes from the server; anything else is already here.
  if (walk.chosen && walkNumber(walk.chosen).shape) loadWalk(); else showWalk();
});
for (const id of ['w-row', 'w-col']) {
  $(id).addEventListener('change', () => { walk.entry = [Number($('w-row').value), Number($('w-col').value)]; loadWalk(); });
}
$('w-largest').addEventListener('click', () => { walk.entry = null; loadWalk(); });

/** The view a link describes (`?graph=…&step=…`), once the page has its network. */
async function walkFromUrl() {
  const params = new URLSearchParams(location.search);
  const graph = ['apple', 'apple_orange', 'net'].includes(params.get('graph')) ? params.get('graph') : 'apple';
  for (const key of APPLE_KEYS.apple_orange) if (params.has(key)) $(key).value = params.get(key);
  if (graph === 'net') {
    walk.batch = params.get('batch') === '100' ? 100 : 1;
    $('w-batch').value = walk.batch;
    if (params.has('test')) await showTest(Number(params.get('test')));
    const digit = params.has('digit') && decodeDigit(params.get('digit'));
    if (digit) { testShown = null; await analyse(digit); }
    const label = Number(params.get('label'));
    if (params.has('label') && label >= 0 && label <= 9 && label !== backpropLabel) { chosenLabel = label; labelKind = 'picked'; await backprop(label); }
  }
  await chooseGraph(graph);
  const edge = /^(\d+)([fb])$/.exec(params.get('edge') || '');
  if (edge) walk.chosen = { edge: Number(edge[1]), backward: edge[2] === 'b' };
  if (params.has('node')) walk.node = Number(params.get('node'));
  const entry = /^(\d+),(\d+)$/.exec(params.get('entry') || '');
  if (entry) walk.entry = [Number(entry[1]), Number(entry[2])];
  walk.step = Number(params.get('step')) || 0;
  if (walk.chosen && walkNumber(walk.chosen)?.shape) await loadWalk(); else if (walk.data) goToStep(walk.step);
  if (params.has('graph')) {
    walk.touched = true;
    saveWalkInUrl();
    $('walk-panel').scrollIntoView();
  }
}

// ---- training from the page -----------------------------------------------------------------

let events = null;   // the EventSource of the run being watched
let runState = null; // what the chart shows: settings, losses, epochs
let chartQueued = false;

function seconds(s) {
  if (!isFinite(s)) return '–';
  return s < 120 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** The same picture as curves.svg: the loss per iteration, and the accuracies per epoch. Drawn
 * for the width the page gives it, at the screen's pixel density, so its text is always 12 px:
 * side by side on a wide screen, one above the other on a phone. */
function drawChart() {
  chartQueued = false;
  const canvas = $('t-chart');
  const width = Math.max(280, Math.min(960, $('t-chart-box').clientWidth));
  const stacked = width < 640;
  const height = stacked ? 600 : 320;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, width, height);
  if (!runState) return;
  const { losses, epochs, iters, perEpoch } = runState;
  const panelWidth = stacked ? width - 80 : (width - 180) / 2;
  const panelHeight = stacked ? 220 : 230;
  const panel = (left, top, title, xLabel, xMax, yMax) => {
    const p = { left, top, width: panelWidth, height: panelHeight, xMax, yMax };
    p.x = (v) => p.left + (v / Math.max(p.xMax, 1e-9)) * p.width;
    p.y = (v) => p.top + p.height - (Math.min(v, p.yMax) / p.yMax) * p.height;
    ctx.strokeStyle = '#333';
    ctx.strokeRect(p.left, p.top, p.width, p.height);
    ctx.fillStyle = '#1a1a1a';
    ctx.font = 'bold 13px sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText(title, p.left + p.width / 2, p.top - 10);
    ctx.font = '12px sans-serif';
    ctx.fillText(xLabel, p.left + p.width / 2, p.top + p.height + 34);
    // Whole-number ticks on the x axis (iterations and epochs are counted).
    const xTicks = [...new Set([0, 1, 2, 3, 4].map((k) => Math.round((xMax * k) / 4)))];
    for (const xv of xTicks) {
      ctx.textAlign = 'center';
      ctx.fillText(String(xv), p.x(xv), p.top + p.height + 16);
    }
    for (let k = 0; k <= 4; k++) {
      const yv = (yMax * k) / 4;
      ctx.textAlign = 'right';
      ctx.fillText(Number(yv.toPrecision(2)).toString(), p.left - 6, p.y(yv) + 4);
    }
    return p;
  };
  const maxLoss = Math.max(1, ...losses.filter(isFinite)) * 1.05;
  const lossPanel = panel(60, 30, '미니배치 손실 · training loss (mini-batch)', '반복 · iteration', Math.max(iters, 1), maxLoss);
  ctx.strokeStyle = '#1f77b4';
  ctx.beginPath();
  losses.forEach((l, i) => (i === 0 ? ctx.moveTo(lossPanel.x(i), lossPanel.y(l)) : ctx.lineTo(lossPanel.x(i), lossPanel.y(l))));
  ctx.stroke();
  const epochCount = Math.max(Math.floor((iters - 1) / perEpoch), 1);
  const [accLeft, accTop] = stacked ? [60, 30 + panelHeight + 80] : [60 + panelWidth + 80, 30];
  const accPanel = panel(accLeft, accTop, '에폭당 정확도 · accuracy per epoch', `에폭 · epoch (${perEpoch} iterations)`, epochCount, 1);
  for (const [key, color] of [['train_acc', '#1f77b4'], ['test_acc', '#ff7f0e']]) {
    ctx.strokeStyle = ctx.fillStyle = color;
    ctx.beginPath();
    epochs.forEach((e, k) => (k === 0 ? ctx.moveTo(accPanel.x(k), accPanel.y(e[key])) : ctx.lineTo(accPanel.x(k), accPanel.y(e[key]))));
    ctx.stroke();
    epochs.forEach((e, k) => { ctx.beginPath(); ctx.arc(accPanel.x(k), accPanel.y(e[key]), 3, 0, 2 * Math.PI); ctx.fill(); });
  }
  ctx.font = '12px sans-serif';
  ctx.textAlign = 'left';
  [['train acc', '#1f77b4'], ['test acc', '#ff7f0e']].forEach(([name, color], k) => {
    const y = accPanel.top + accPanel.height - 40 + 18 * k;
    const x = accPanel.left + accPanel.width - 110;
    ctx.fillStyle = color;
    ctx.fillRect(x, y - 5, 24, 3);
    ctx.fillStyle = '#1a1a1a';
    ctx.fillText(name, x + 30, y);
  });
}
window.addEventListener('resize', () => queueChart());

function queueChart() {
  if (!chartQueued) { chartQueued = true; requestAnimationFrame(drawChart); }
}

/** One event of the run (src/serve/training.rs lists them). */
function onTrainingEvent(e) {
  if (e.type === 'start') {
    runState = { iters: e.iters_num, perEpoch: e.iter_per_epoch, method: e.method, losses: [], epochs: [] };
    $('t-line').textContent = '';
    $('t-final').textContent = '';
    $('t-status').textContent = `${e.method}, seed ${e.seed}: 시작 · started`;
  } else if (e.type === 'history') {
    // Joined during the run (or fell behind): the losses so far, some of them.
    e.i.forEach((i, k) => { runState.losses[i] = e.loss[k]; });
    queueChart();
  } else if (e.type === 'iteration') {
    runState.losses[e.i] = e.loss;
    const rate = (e.i + 1) / e.t;
    const left = (runState.iters - e.i - 1) / rate;
    $('t-status').textContent = `반복 · iteration ${e.i + 1} / ${runState.iters} · loss ${e.loss.toFixed(4)} · ${rate.toFixed(rate < 10 ? 2 : 0)} it/s · 남은 시간 · left ${seconds(left)}`;
    queueChart();
  } else if (e.type === 'epoch') {
    runState.epochs.push(e);
    $('t-line').textContent = e.line;
    queueChart();
  } else if (e.type === 'progress') {
    $('t-progress').textContent = `수치 미분 (시간으로 추정) · numerical gradient (estimated): ${e.done} / ${e.total} (${(100 * e.done / e.total).toFixed(0)}%), ${seconds(e.left)}`;
  } else {
    // done, stopped, diverged or error: the last event; the server ends the stream.
    $('t-status').textContent = '';
    events.close();
    events = null;
    $('t-start').disabled = false;
    $('t-stop').disabled = true;
    $('t-progress').textContent = '';
    const what = { done: '끝 · done', stopped: '멈춤 · stopped', diverged: '발산 · diverged', error: '오류 · error' }[e.type];
    $('t-final').textContent = e.type === 'diverged' || e.type === 'error'
      ? `${what}: ${e.error}`
      : e.type === 'stopped'
      ? `${what}: 반복 ${e.iterations}번 (${seconds(e.seconds)}); 페이지의 네트워크는 그대로입니다 · after ${e.iterations} iterations (${seconds(e.seconds)}); the page keeps its network.`
      : `${what}: 반복 ${e.iterations}번 (${seconds(e.seconds)}), train acc ${e.train_acc}, test acc ${e.test_acc}. 위에서 이 네트워크를 고르면 페이지가 씁니다 · after ${e.iterations} iterations (${seconds(e.seconds)}); choose it at the top for the page to use it.`;
    $('t-final').dataset.final = `${e.type} ${e.iterations} ${e.test_acc}`;
    $('t-save-row').hidden = e.type !== 'done';
    queueChart();
    refreshModel();
  }
}

function watchTraining() {
  if (events) events.close();
  events = new EventSource('/api/train/events');
  $('t-start').disabled = true;
  $('t-stop').disabled = false;
  events.onmessage = (message) => onTrainingEvent(JSON.parse(message.data));
}

async function startTraining() {
  const settings = {
    iters_num: Number($('t-iters').value),
    batch_size: Number($('t-batch').value),
    hidden_size: Number($('t-hidden').value),
    learning_rate: Number($('t-lr').value),
    seed: Number($('t-seed').value),
    method: $('t-method').value,
  };
  try {
    await api('/api/train', settings);
    $('t-save-row').hidden = true;
    $('t-saved').textContent = '';
    watchTraining();
  } catch (e) { $('t-status').textContent = `시작 못 함 · not started: ${e.message}`; }
}

async function saveTrained(overwrite) {
  const name = $('t-name').value;
  const response = await fetch('/api/train/save', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, overwrite }) });
  const answer = await response.json();
  if (response.status === 409 && answer.exists) {
    if (confirm(`${answer.error}\n덮어쓸까요? · Replace it?`)) await saveTrained(true);
    return;
  }
  $('t-saved').textContent = response.ok ? `저장함 · saved: ${answer.saved}` : `저장 못 함 · not saved: ${answer.error}`;
}

$('t-start').addEventListener('click', startTraining);
$('t-stop').addEventListener('click', () => {
  $('t-status').textContent = '멈추는 중 · stopping…';
  api('/api/train/stop', {}).catch(() => {});
});
$('t-save').addEventListener('click', () => saveTrained(false));
$('t-method').addEventListener('change', () => { $('t-iters').value = $('t-method').value === 'numerical' ? 5 : 10000; });

/** The network in use: the header, the choice between the loaded network and the one trained
 * here, W1's pictures and the current digit again. `model` is /api/model's answer. */
async function showModel(model) {
  $('model-info').textContent = `TwoLayerNet ${model.sizes.join('-')} · ${model.source} · 테스트 정확도 test accuracy ${model.test_accuracy}`;
  $('model-choice').hidden = model.trained_source === undefined;
  $('use-loaded').textContent = `처음 불러온 것 · loaded at start (test acc ${model.loaded_test_accuracy})`;
  $('use-trained').textContent = `이 페이지에서 마지막으로 학습한 것 · trained here last (test acc ${model.trained_test_accuracy})`;
  $('use-loaded').classList.toggle('selected', model.using === 'loaded');
  $('use-trained').classList.toggle('selected', model.using === 'trained');
  await showWeights();
  if (current) await analyse(current);
  return model;
}

async function refreshModel() {
  return showModel(await api('/api/model'));
}

for (const network of ['loaded', 'trained']) {
  $(`use-${network}`).addEventListener('click', async () => showModel(await api('/api/use', { network })));
}

// ---- start ----------------------------------------------------------------------------------

async function start() {
  clearPad();
  makeLabelButtons();
  const model = await refreshModel();
  $('test-index').max = model.test_images - 1;
  drawChart();
  await showTest(0);
  await walkFromUrl();
  if (model.training === 'running') watchTraining(); // a run started earlier: its story so far, then live
  if (new URLSearchParams(location.search).has('selftest')) await selftest();
  if (new URLSearchParams(location.search).has('graphtest')) await graphtest();
}

/** A vertical stroke drawn on the pad with real pointer events, analysed to the end. */
async function drawTestStroke() {
  const r = pad.getBoundingClientRect();
  const at = (x, y) => ({ clientX: r.left + x * r.width / pad.width, clientY: r.top + y * r.height / pad.height, pointerId: 1, bubbles: true });
  pad.dispatchEvent(new PointerEvent('pointerdown', at(140, 50)));
  for (let y = 60; y <= 230; y += 10) pad.dispatchEvent(new PointerEvent('pointermove', at(140, y)));
  pad.dispatchEvent(new PointerEvent('pointerup', at(140, 230)));
  while (busy) await new Promise((resolve) => setTimeout(resolve, 20));
  await update();
}

/** `/?graphtest`: the graph view as the browser test checks it, through the page's own buttons
 * and clicks: the apple graph stepped to the node `apple` enters, its edge clicked, the count
 * made 3; then a drawn digit's network graph, dW1's edge clicked, N = 1 and N = 100. */
async function graphtest() {
  const settled = async () => { while (walkDone !== walkAsked) await new Promise((resolve) => setTimeout(resolve, 20)); };
  const click = (edge, dir) => $('w-graph').querySelector(`g[data-edge="${edge}"][data-dir="${dir}"] text`).dispatchEvent(new MouseEvent('click', { bubbles: true }));
  const firstLine = () => $('w-why').querySelector('.line').textContent;
  await chooseGraph('apple');
  while (walk.data.steps[walk.step].code !== 'mul_apple_layer.backward(dapple_price)' && !$('w-step').disabled) $('w-step').click();
  const stepped = firstLine();
  click(0, 'b');
  const clicked = firstLine();
  $('apple_num').value = 3;
  $('apple_num').dispatchEvent(new Event('input', { bubbles: true }));
  await settled();
  const three = firstLine();
  await drawTestStroke();
  $('walk-graphs').querySelector('[data-graph="net"]').click();
  await settled();
  $('w-step').click();
  const early = $('w-graph').querySelectorAll('g.pending').length;
  while (!$('w-step').disabled) $('w-step').click();
  click(1, 'b');
  await settled();
  const terms = () => $('w-all-terms').hidden ? $('w-terms').children.length : $('w-terms-all').children.length;
  const one = `terms ${terms()}; ${$('w-formula').textContent}; ${$('w-numbers').textContent}`;
  $('w-batch').value = '100';
  $('w-batch').dispatchEvent(new Event('change', { bubbles: true }));
  await settled();
  const hundred = `terms ${terms()}; ${$('w-formula').textContent}; ${$('w-numbers').textContent}`;
  document.body.dataset.graphtest = [
    `apple step: ${stepped}`, `clicked: ${clicked}`, `three: ${three}`, `pending after one step: ${early}`,
    `N=1 ${one}`, `N=100 ${hundred}`, `link ${$('w-link').getAttribute('href')}`,
  ].join('\n');
}

/** `/?selftest`: what the browser test checks, through the page's own code: test image 0 is
 * shown, then a stroke is drawn on the pad with real pointer events, a short run is trained and
 * then chosen, and the backprop panel's cells are counted. */
async function selftest() {
  const fromTest = $('prediction').textContent;
  // The pad as the page opened it (blank), drawn on once: the network's input must hold only
  // the stroke (a vertical bar), not test image 0 under it.
  await drawTestStroke();
  const fromStroke = $('prediction').textContent;
  const inked = [];
  current.forEach((v, i) => { if (v > 0) inked.push(i % SIDE); });
  const strokeColumns = inked.length ? `${Math.min(...inked)}-${Math.max(...inked)}` : 'none';
  // A short run from the train panel, watched to its end.
  $('t-iters').value = 300;
  await startTraining();
  while (!$('t-final').dataset.final) await new Promise((resolve) => setTimeout(resolve, 50));
  const usingAfterRun = (await api('/api/model')).using;
  $('use-trained').click();
  while (!$('use-trained').classList.contains('selected')) await new Promise((resolve) => setTimeout(resolve, 50));
  const numbered = (id) => [...$(id).querySelectorAll('.cell .v')].filter((v) => v.textContent !== '').length;
  document.body.dataset.selftest = `test image 0 predicted ${fromTest}; stroke predicted ${fromStroke}; `
    + `stroke input columns ${strokeColumns}; `
    + `trained: ${$('t-final').dataset.final}; loss points ${runState.losses.length}; epochs ${runState.epochs.length}; `
    + `using after the run: ${usingAfterRun}; after choosing: ${(await api('/api/model')).using}; `
    + `cells with numbers: dout2 ${numbered('dout2')}, db2 ${numbered('db2')}, before-relu ${numbered('before-relu')}, `
    + `dout-affine1 ${numbered('dout-affine1')}; dW1 tiles ${$('dw1').children.length}`;
}

start().catch((e) => status(String(e), true));
