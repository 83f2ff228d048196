/**
 * Eta templates of the public status page and its Atom feed. `<%= %>` escapes (HTML and XML alike:
 * & < > " '), and no template uses the raw `<%~ %>`: every text customers or an attacker could
 * write — names, messages, the title — reaches the page as text. The raw `<%~ %>` appears only to
 * include the incident template, whose own output is escaped. No script anywhere: the page works
 * without JavaScript, and its Content-Security-Policy forbids any.
 */
export const PAGE_CSS = `
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#57606a;--bg:#fff;--card:#f6f8fa;--line:#d0d7de;
--operational:#1a7f37;--under_maintenance:#0969da;--degraded_performance:#9a6700;--partial_outage:#bc4c00;--major_outage:#cf222e}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--card:#161b22;--line:#30363d;
--operational:#3fb950;--under_maintenance:#4493f8;--degraded_performance:#d29922;--partial_outage:#db6d28;--major_outage:#f85149}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main,header,footer{max-width:52rem;margin:0 auto;padding:1rem}
header{display:flex;flex-wrap:wrap;align-items:center;gap:1rem}header img{max-height:2.5rem;max-width:10rem}
h1{font-size:1.5rem;margin:0;flex:1}nav a{margin-left:1rem}a{color:inherit}
.overall{padding:1rem;border-radius:.5rem;font-weight:600;color:#fff;background:var(--operational)}
.overall.s-under_maintenance{background:var(--under_maintenance)}.overall.s-degraded_performance{background:var(--degraded_performance)}
.overall.s-partial_outage{background:var(--partial_outage)}.overall.s-major_outage{background:var(--major_outage)}
section{margin-top:2rem}h2{font-size:1.15rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
.incident{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin-bottom:1rem}
.incident h3{margin:0 0 .25rem;font-size:1.05rem}.affected,.when{color:var(--muted);font-size:.9rem;margin:0}
.updates{list-style:none;padding:0;margin:.5rem 0 0}.updates li{padding:.5rem 0;border-top:1px solid var(--line)}
.updates p{margin:.25rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}.phase{font-weight:600}
.components{list-style:none;padding:0;margin:0}.component{padding:.75rem 0;border-bottom:1px solid var(--line)}
.component .head{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}
.st{font-weight:600}.st.s-operational{color:var(--operational)}.st.s-under_maintenance{color:var(--under_maintenance)}
.st.s-degraded_performance{color:var(--degraded_performance)}.st.s-partial_outage{color:var(--partial_outage)}.st.s-major_outage{color:var(--major_outage)}
.bars{display:flex;gap:1px;margin-top:.5rem;height:2rem}.bar{flex:1 1 0;min-width:1px;border-radius:1px;background:var(--operational)}
.bar.s-under_maintenance{background:var(--under_maintenance)}.bar.s-degraded_performance{background:var(--degraded_performance)}
.bar.s-partial_outage{background:var(--partial_outage)}.bar.s-major_outage{background:var(--major_outage)}
.range{display:flex;justify-content:space-between;color:var(--muted);font-size:.8rem}
footer{color:var(--muted);font-size:.9rem;border-top:1px solid var(--line);margin-top:2rem}
`;

export const PAGE_TEMPLATE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><%= it.title %></title>
<link rel="alternate" type="application/atom+xml" title="<%= it.title %>" href="/status/feed.atom">
<style>${PAGE_CSS}</style>
</head>
<body>
<header>
<% if (it.logoUrl) { %><img src="<%= it.logoUrl %>" alt="<%= it.title %>"><% } %>
<h1><%= it.title %></h1>
<% if (it.links.length) { %><nav aria-label="Links"><% it.links.forEach(function (l) { %><a href="<%= l.url %>"><%= l.label %></a><% }) %></nav><% } %>
</header>
<main>
<p class="overall s-<%= it.overall.status %>" role="status"><%= it.overall.text %></p>
<% if (it.active.length) { %>
<section aria-labelledby="active">
<h2 id="active">Active incidents</h2>
<% it.active.forEach(function (i) { %><%~ include('@incident', i) %><% }) %>
</section>
<% } %>
<section aria-labelledby="components">
<h2 id="components">Components</h2>
<% if (!it.components.length) { %><p>No components are listed.</p><% } %>
<ul class="components">
<% it.components.forEach(function (c) { %>
<li class="component">
<div class="head"><span><%= c.name %></span><span class="st s-<%= c.status %>"><%= c.statusLabel %></span></div>
<div class="bars" role="img" aria-label="<%= c.summary %>">
<% c.days.forEach(function (d) { %><span class="bar s-<%= d.status %>" title="<%= d.title %>"></span><% }) %>
</div>
<div class="range" aria-hidden="true"><span><%= it.historyDays %> days ago</span><span>Today</span></div>
</li>
<% }) %>
</ul>
</section>
<% if (it.resolved.length) { %>
<section aria-labelledby="past">
<h2 id="past">Recently resolved</h2>
<% it.resolved.forEach(function (i) { %><%~ include('@incident', i) %><% }) %>
</section>
<% } %>
</main>
<footer>
<p><%= it.lastPublished %> · <a href="/status.json">JSON</a> · <a href="/status/feed.atom">Atom feed</a></p>
</footer>
</body>
</html>
`;

/** One incident with its updates, newest first (included with the escaping of its caller). */
export const INCIDENT_TEMPLATE = `<article class="incident" id="incident-<%= it.id %>">
<h3><%= it.name %></h3>
<p class="when"><span class="phase"><%= it.phaseLabel %></span><% if (it.affected) { %> · <%= it.affected %><% } %></p>
<ol class="updates" reversed>
<% it.updates.forEach(function (u) { %>
<li><span class="phase"><%= u.phaseLabel %></span> · <time datetime="<%= u.iso %>"><%= u.when %></time><p><%= u.message %></p></li>
<% }) %>
</ol>
</article>
`;

export const FEED_TEMPLATE = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title><%= it.title %></title>
<id>tag:firebreak,2026:status-page</id>
<updated><%= it.updated %></updated>
<link rel="self" type="application/atom+xml" href="/status/feed.atom"/>
<link rel="alternate" type="text/html" href="/status"/>
<% it.entries.forEach(function (e) { %>
<entry>
<id>urn:uuid:<%= e.id %></id>
<title><%= e.title %></title>
<updated><%= e.updated %></updated>
<author><name><%= it.title %></name></author>
<link rel="alternate" type="text/html" href="/status#incident-<%= e.incidentId %>"/>
<content type="text"><%= e.content %></content>
</entry>
<% }) %>
</feed>
`;
