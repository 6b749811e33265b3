import Foundation
import Pipeline

/// The console's pages as HTML strings: one layout, a navigation bar, no script. Every text that did not come from
/// this file goes through ``HTML/escape(_:)``.
enum ConsolePage {
    static func layout(_ title: String, _ body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>\(HTML.escape(title)) — DreamFrame console</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
        nav{background:#1d2b3a;padding:.6em 1.2em}nav a{color:#fff;margin-right:1.4em;text-decoration:none;font-weight:600}
        main{max-width:1250px;margin:1em auto;padding:0 1em}table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}
        th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top;font-size:14px}
        th{background:#eef1f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .bar{display:inline-block;width:220px;height:12px;background:#e3e6ea;border-radius:6px;overflow:hidden;vertical-align:middle}
        .bar span{display:block;height:100%;background:#3b7ddd}.bad{color:#b00020;font-weight:600}.ok{color:#1b7f3b}
        .muted{color:#777}code,pre{font-size:12px}pre{white-space:pre-wrap;word-break:break-all;background:#f1f1f1;padding:.4em;max-width:900px}
        form.inline{display:inline}button{cursor:pointer}.attention{background:#fdecea;padding:.6em 1em;border-radius:4px}
        </style></head>
        <body><nav><a href="/">Fleet &amp; runs</a><a href="/dead">Dead letters</a><a href="/styles">Style cache</a></nav>
        <main>
        \(body)
        </main></body></html>
        """
    }

    static func message(_ title: String, _ text: String) -> String {
        layout(title, "<h1>\(HTML.escape(title))</h1><p>\(HTML.escape(text))</p><p><a href=\"/\">Back to the console</a></p>")
    }

    /// A progress bar of `done` of `total` with the figures.
    static func bar(_ done: Int, _ total: Int) -> String {
        let percent = total == 0 ? 0 : min(100, done * 100 / total)
        return "<span class=\"bar\" title=\"\(percent)%\"><span style=\"width:\(percent)%\"></span></span> \(done)/\(total)"
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }

    static func rate(_ perSecond: Double?) -> String {
        guard let perSecond else { return "–" }
        return String(format: "%.1f/s", perSecond)
    }

    /// The run's state in one phrase: finished in …, or elapsed and ETA.
    static func timing(_ run: RunProgress) -> String {
        if let duration = run.durationSeconds { return "finished in \(self.duration(duration))" }
        let eta = run.etaSeconds.map { self.duration($0) } ?? "estimating"
        return "elapsed \(duration(run.elapsedSeconds)), ETA \(eta)"
    }

    static func link(run runId: String) -> String {
        "<a href=\"/runs/\(HTML.escape(HTML.queryValue(runId)))\">\(HTML.escape(runId))</a>"
    }

    static func deadLink(_ text: String, stage: String? = nil, run: String? = nil) -> String {
        var query: [String] = []
        if let stage { query.append("stage=\(HTML.queryValue(stage))") }
        if let run { query.append("run=\(HTML.queryValue(run))") }
        return "<a href=\"/dead?\(HTML.escape(query.joined(separator: "&")))\">\(HTML.escape(text))</a>"
    }
}
