import Foundation
import Models
import Pipeline

extension ConsolePage {
    /// `/dead`: the filter form, then each matching dead letter with its headers, body preview and buttons.
    static func deadLetters(_ letters: [DeadLetter], filter: DeadLetterFilter, csrf: String) -> String {
        let stages = Stage.allCases.map { stage in
            "<option value=\"\(stage.rawValue)\"\(filter.stage == stage ? " selected" : "")>\(stage.rawValue)</option>"
        }.joined()
        var html = """
        <h1>Dead letters</h1>
        <form method="get" action="/dead" id="filter">stage <select name="stage"><option value="">any</option>\(stages)</select>
        run <input name="run" value="\(HTML.escape(filter.runId ?? ""))" size="34">
        reason <input name="reason" value="\(HTML.escape(filter.reason ?? ""))" size="24"> <button type="submit">Filter</button></form>
        <p>\(letters.count) dead letter(s) match. Listing holds them for a moment and hands them back in their order; nothing moves until you replay.</p>
        """
        if !letters.isEmpty {
            html += "<p>" + actionForm(filter: filter, csrf: csrf, label: "Replay all \(letters.count) matching", id: "replay-all", dryRun: false)
                + " " + actionForm(filter: filter, csrf: csrf, label: "Dry run", id: "dry-run-all", dryRun: true) + "</p>"
        }
        html += "<table id=\"dead-letters\"><tr><th>stage</th><th>message</th><th>run / movie</th><th>kind</th><th>attempts</th>"
            + "<th>reason</th><th></th></tr>"
        for letter in letters {
            let one = DeadLetterFilter(stage: Stage(rawValue: letter.stage), messageId: letter.messageId)
            let headers = letter.headers.sorted { $0.key < $1.key }
                .map { "<tr><td><code>\(HTML.escape($0.key))</code></td><td><code>\(HTML.escape($0.value))</code></td></tr>" }
                .joined()
            html += """
            <tr class="dead-letter" data-message="\(HTML.escape(letter.messageId))"><td>\(HTML.escape(letter.stage))</td>
            <td><code>\(HTML.escape(letter.messageId))</code></td>
            <td>\(HTML.escape(letter.runId ?? "–"))<br>\(HTML.escape(letter.movieId ?? "–"))</td><td>\(HTML.escape(letter.kind ?? "–"))</td>
            <td class="n">\(letter.attempts)\(letter.replays > 0 ? " (replayed \(letter.replays)×)" : "")</td>
            <td>\(HTML.escape(letter.reason))<details><summary>headers and body (\(letter.bodyBytes) bytes)</summary>
            <table>\(headers)</table><pre>\(HTML.escape(letter.bodyPreview))</pre></details></td>
            <td>\(actionForm(filter: one, csrf: csrf, label: "Replay", id: nil, dryRun: false))
            \(actionForm(filter: one, csrf: csrf, label: "Dry run", id: nil, dryRun: true))</td></tr>
            """
        }
        return layout("Dead letters", html + "</table>")
    }

    /// A POST form that replays (or dry-runs) what `filter` matches, with the CSRF token.
    static func actionForm(filter: DeadLetterFilter, csrf: String, label: String, id: String?, dryRun: Bool) -> String {
        var fields = ["csrf": csrf]
        fields["stage"] = filter.stage?.rawValue
        fields["run"] = filter.runId
        fields["movie"] = filter.movieId
        fields["reason"] = filter.reason
        fields["message"] = filter.messageId
        if dryRun { fields["dry-run"] = "1" }
        if filter.stage == nil, filter.runId == nil, filter.messageId == nil { fields["all"] = "1" }
        let hidden = fields.sorted { $0.key < $1.key }
            .map { "<input type=\"hidden\" name=\"\(HTML.escape($0.key))\" value=\"\(HTML.escape($0.value))\">" }.joined()
        let kind = dryRun ? "dry-run" : "replay"
        return "<form class=\"inline\" method=\"post\" action=\"/dead/replay\"\(id.map { " id=\"\($0)\"" } ?? "")>\(hidden)"
            + "<button type=\"submit\" class=\"\(kind)\">\(HTML.escape(label))</button></form>"
    }

    /// The answer to a replay: what moved (or would).
    static func replayed(_ letters: [DeadLetter], dryRun: Bool, filter: DeadLetterFilter) -> String {
        let verb = dryRun ? "would requeue" : "requeued"
        var html = "<h1 id=\"result\">\(letters.count) message(s) \(verb)</h1><ul id=\"moved\">"
        for letter in letters {
            html += "<li><code>\(HTML.escape(letter.messageId))</code> to \(HTML.escape(letter.stage)) — was: \(HTML.escape(letter.reason))</li>"
        }
        let back = deadLink("Back to the dead letters", stage: filter.stage?.rawValue, run: filter.runId)
        return layout(dryRun ? "Dry run" : "Replayed", html + "</ul><p>\(back) · <a href=\"/\">Fleet &amp; runs</a></p>")
    }

    /// `/styles`: the style cache.
    static func styles(_ styles: [StyleEmbedding]) -> String {
        var html = "<h1>Style cache</h1><p>\(styles.count) learned style(s), kept across runs and machines.</p>"
            + "<table id=\"styles\"><tr><th>style</th><th>keyword</th><th>learner</th><th>file</th><th>final loss</th></tr>"
        for style in styles {
            let file = style.artifact.map { "\($0.format.rawValue), \($0.bytes.count) bytes, token \($0.token)" } ?? "vector of \(style.vector.count)"
            html += "<tr><td><code>\(HTML.escape(style.styleId))</code></td><td>\(HTML.escape(style.keyword))</td>"
                + "<td>\(HTML.escape(style.learner))</td><td>\(HTML.escape(file))</td>"
                + "<td class=\"n\">\(style.lossCurve.last.map { String(format: "%.4f", $0) } ?? "–")</td></tr>"
        }
        return layout("Style cache", html + "</table>")
    }
}
