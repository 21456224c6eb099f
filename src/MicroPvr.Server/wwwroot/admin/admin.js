// Read-only admin view: polls GET /metrics (Prometheus text) and POST /jsonrpc (the API over
// HTTP) every 5 s. docs/monitoring.md lists the metrics; docs/api.md the methods.
"use strict";

const REFRESH_MS = 5000;

async function rpc(method) {
  const response = await fetch("/jsonrpc", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", method: method, id: 1 }),
  });
  const answer = await response.json();
  if (answer.error) throw new Error(method + ": " + answer.error.message);
  return answer.result;
}

// Parses the text exposition into { name: [{ labels: {...}, value: Number }] }.
function parseMetrics(text) {
  const families = {};
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)/.exec(line);
    if (!match) continue;
    const labels = {};
    const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
    let l;
    while ((l = labelRe.exec(match[3] || "")) !== null) {
      labels[l[1]] = l[2].replace(/\\n/g, "\n").replace(/\\"/g, "\"").replace(/\\\\/g, "\\");
    }
    (families[match[1]] = families[match[1]] || []).push({ labels: labels, value: Number(match[4]) });
  }
  return families;
}

function metric(families, name, match) {
  for (const sample of families[name] || []) {
    if (Object.entries(match || {}).every(([k, v]) => sample.labels[k] === String(v))) return sample.value;
  }
  return undefined;
}

function cell(text, cls) {
  const td = document.createElement("td");
  td.textContent = text === undefined || text === null ? "" : String(text);
  if (cls) td.className = cls;
  return td;
}

function fill(tableId, rows) {
  const body = document.querySelector("#" + tableId + " tbody");
  body.replaceChildren(...rows.map((cells) => {
    const tr = document.createElement("tr");
    tr.append(...cells);
    return tr;
  }));
}

const fixed = (x, digits) => (x === undefined ? "" : x.toFixed(digits));
const unix = (t) => new Date(t * 1000).toISOString().replace("T", " ").replace(".000Z", "Z");
const STATUS = ["NEW", "POSTPONED", "STARTING", "STARTED", "FAILED", "UNKNOWN"];

async function refresh() {
  const [metricsText, tasks, channels, counter, alive] = await Promise.all([
    fetch("/metrics").then((r) => r.text()),
    rpc("get_tasks_list"),
    rpc("get_channel_list"),
    rpc("get_request_counter"),
    rpc("is_alive"),
  ]);
  const m = parseMetrics(metricsText);
  const info = (m["micropvr_build_info"] || [])[0];
  document.getElementById("version").textContent = info ? info.labels.version : "";

  const healthy = metric(m, "micropvr_healthy") === 1;
  const health = document.getElementById("health");
  health.textContent = healthy ? "healthy" : "UNHEALTHY: see /healthz";
  health.className = healthy ? "ok" : "bad";

  fill("load", [
    [cell("is_alive"), cell(alive.is_alive ? "true" : "false", alive.is_alive ? "ok" : "bad")],
    [cell("score"), cell(alive.score, "n")],
    [cell("sessions"), cell(alive.session_count, "n")],
    [cell("requests (overall / near end / successful)"), cell(counter.overall + " / " + counter.near_end + " / " + counter.successful, "n")],
    [cell("outgoing Mbit/s"), cell(fixed(metric(m, "micropvr_delivery_outgoing_bits_per_second") / 1e6, 2), "n")],
    [cell("load average (1 min)"), cell(fixed(metric(m, "micropvr_load_average1"), 2), "n")],
  ]);

  fill("tasks", tasks.map((t) => {
    const recording = metric(m, "micropvr_task_recording", { task_id: t["task-id"] });
    return [cell(t["task-id"], "n"), cell(t["channel-id"], "n"), cell(t["channel-name"]), cell(t["stream-source"]),
      cell(t.path), cell(unix(t["start-time"])), cell(unix(t["stop-time"])), cell(STATUS[t.status] || t.status),
      cell(recording ? "yes" : "no", recording ? "ok" : "bad")];
  }));

  fill("channels", channels.map((c) => {
    const id = { channel_id: c.channel_id };
    const bitrate = metric(m, "micropvr_ingest_bitrate_bits_per_second", id);
    const silent = metric(m, "micropvr_ingest_silent", id);
    const sent = metric(m, "micropvr_channel_sent_bytes_total", id);
    return [cell(c.channel_id, "n"), cell(c.channel_names.join(", ")), cell(fixed(bitrate / 1e6, 2), "n"),
      cell(metric(m, "micropvr_ingest_continuity_errors_total", id), "n"), cell(silent ? "yes" : "", "bad"),
      cell(c.channel_counter, "n"), cell(fixed((sent || 0) / 1048576, 1), "n")];
  }));

  const gib = (x) => fixed(x / 1073741824, 1);
  fill("disk", (m["micropvr_mount_free_bytes"] || []).map((s) => {
    const mount = { mount: s.labels.mount };
    return [cell(s.labels.mount), cell(gib(metric(m, "micropvr_mount_total_bytes", mount)), "n"), cell(gib(s.value), "n"),
      cell(gib(metric(m, "micropvr_mount_reserved_bytes", mount)), "n"), cell(gib(metric(m, "micropvr_mount_available_bytes", mount)), "n")];
  }));

  document.getElementById("status").textContent = "updated " + new Date().toLocaleTimeString();
}

async function loop() {
  try {
    await refresh();
  } catch (e) {
    document.getElementById("status").textContent = "error: " + e.message;
  }
  setTimeout(loop, REFRESH_MS);
}

loop();
