// The page of `make serve`: draw a digit, see what the trained network makes of it, forward and
// back. Every number comes from the server (src/serve/api.rs), which computes it with the
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
    status(`${path}: ${data.error || response.status}`, true);
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

/** Signed values as a heat map: red for +, blue for −, white for 0, scaled by the largest. */
function drawHeat(canvas, values, side) {
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(side, side);
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

/** Values as a row of small bars (height ∝ |value|), red for +, blue for −; masked ones grey. */
function showUnits(element, values, mask) {
  element.replaceChildren();
  const scale = Math.max(1e-12, ...values.map(Math.abs));
  values.forEach((v, i) => {
    const unit = document.createElement('div');
    const masked = mask && mask[i];
    unit.className = 'unit ' + (masked ? 'masked' : v >= 0 ? 'pos' : 'neg');
    unit.style.height = `${Math.max(2, 48 * Math.abs(v) / scale)}px`;
    unit.title = `${i}: ${v.toPrecision(4)}${masked ? ' (mask: 0)' : ''}`;
    element.append(unit);
  });
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
  showUnits($('hidden'), forward.hidden, mask);
  $('hidden-count').textContent = `${mask.filter((m) => m).length} / ${mask.length} 마스크됨 · masked (0)`;
  await backprop(chosenLabel === null ? forward.prediction : chosenLabel);
}

async function backprop(label) {
  if (current === null) return;
  const back = await api('/api/backprop', { pixels: current, label });
  $('loss').textContent = back.loss.toPrecision(5);
  document.querySelectorAll('#labels button').forEach((b) => b.classList.toggle('selected', Number(b.textContent) === label));
  const mask = back.mask.map((m) => m === 1);
  showUnits($('dout2'), back.dout_affine2);
  showUnits($('dout-relu'), back.dout_relu1);
  showUnits($('dout-affine1'), back.dout_affine1, mask);
  drawHeat($('dx'), back.dx, SIDE);
}

function makeLabelButtons() {
  for (let d = 0; d < 10; d++) {
    const b = document.createElement('button');
    b.textContent = d;
    b.addEventListener('click', () => { chosenLabel = d; backprop(d); });
    $('labels').append(b);
  }
  $('label-auto').addEventListener('click', () => { chosenLabel = null; if (current) analyse(current); });
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
    const prepared = await api('/api/prepare', padPixels());
    $('seen-note').textContent = prepared.blank ? '아직 그린 것이 없어요 · nothing drawn yet' : '28×28, prepared as predict --image prepares a PGM (box to 20×20, centred by mass)';
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
  // Shown on the pad too, 10× larger; analysed as it is, as `predict --index N` does.
  const small = document.createElement('canvas');
  small.width = small.height = SIDE;
  drawPixels(small, test.pixels);
  padCtx.imageSmoothingEnabled = false;
  padCtx.drawImage(small, 0, 0, pad.width, pad.height);
  await analyse(test.pixels);
  $('seen-note').textContent = `test image ${test.index} as MNIST stores it (already 28×28, centred)`;
  $('test-note').textContent = `테스트 이미지 ${test.index}, 정답 ${test.label} · test image ${test.index}, label ${test.label}; predicted ${$('prediction').textContent}`;
  return test;
}

$('show-test').addEventListener('click', () => showTest(Number($('test-index').value)));
$('prev').addEventListener('click', () => showTest(Math.max(0, Number($('test-index').value) - 1)));
$('next').addEventListener('click', () => showTest(Number($('test-index').value) + 1));
$('test-index').addEventListener('change', () => showTest(Number($('test-index').value)));

$('load-mistakes').addEventListener('click', async () => {
  const m = await api('/api/mistakes');
  $('mistakes-note').textContent = `${m.count} / ${m.of} 틀림 · wrong (shown: ${m.indices.length}); 눌러서 보기 · click one`;
  $('mistakes').replaceChildren(...m.indices.map((index, k) => {
    const b = document.createElement('button');
    b.textContent = `#${index} → ${m.predicted[k]}`;
    b.addEventListener('click', () => showTest(index));
    return b;
  }));
});

// ---- W1 and the apple graph ---------------------------------------------------------------

async function showWeights() {
  const w = await api('/api/weights');
  $('tiles').replaceChildren(...w.columns.map((column, j) => {
    const figure = document.createElement('figure');
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = SIDE;
    drawHeat(canvas, column, SIDE);
    const caption = document.createElement('figcaption');
    caption.textContent = j;
    figure.append(canvas, caption);
    return figure;
  }));
}

async function showApples() {
  const inputs = {};
  for (const key of ['apple', 'apple_num', 'orange', 'orange_num', 'tax']) {
    inputs[key] = Number($(key).value);
  }
  try {
    const a = await api('/api/apples', inputs);
    $('apple-graph').innerHTML = a.svg;
  } catch (e) { /* the status line says why */ }
}
document.querySelectorAll('.inputs input').forEach((input) => input.addEventListener('input', showApples));

// ---- start ----------------------------------------------------------------------------------

async function start() {
  clearPad();
  makeLabelButtons();
  const model = await api('/api/model');
  $('model-info').textContent = `TwoLayerNet ${model.sizes.join('-')} · ${model.source} · 테스트 정확도 test accuracy ${model.test_accuracy}`;
  $('test-index').max = model.test_images - 1;
  await Promise.all([showWeights(), showApples()]);
  await showTest(0);
  if (new URLSearchParams(location.search).has('selftest')) await selftest();
}

/** `/?selftest`: what the browser test checks, through the page's own code: test image 0 is
 * shown, then a stroke is drawn on the pad with real pointer events. */
async function selftest() {
  const fromTest = $('prediction').textContent;
  clearPad();
  const r = pad.getBoundingClientRect();
  const at = (x, y) => ({ clientX: r.left + x * r.width / pad.width, clientY: r.top + y * r.height / pad.height, pointerId: 1, bubbles: true });
  pad.dispatchEvent(new PointerEvent('pointerdown', at(140, 50)));
  for (let y = 60; y <= 230; y += 10) pad.dispatchEvent(new PointerEvent('pointermove', at(140, y)));
  pad.dispatchEvent(new PointerEvent('pointerup', at(140, 230)));
  while (busy) await new Promise((resolve) => setTimeout(resolve, 20));
  await update();
  document.body.dataset.selftest = `test image 0 predicted ${fromTest}; stroke predicted ${$('prediction').textContent}`;
}

start().catch((e) => status(String(e), true));
