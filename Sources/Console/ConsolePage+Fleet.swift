import Foundation
import Pipeline

extension ConsolePage {
    /// `/`: the stages' queues and processes, what needs a person, the recent runs.
    static func overview(fleet: FleetStatus, runs: [RunProgress]) -> String {
        var html = "<h1>DreamFrame console</h1>"
        if fleet.needsAttention || runs.contains(where: { $0.stuckMovies > 0 }) {
            let items = fleet.attention + runs.filter { $0.stuckMovies > 0 }.map {
                "\($0.stuckMovies) movie(s) of \($0.runId) without progress"
            }
            html += "<div class=\"attention\"><b>Needs attention</b><ul>"
                + items.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul></div>"
        }
        html += "<h2>Queues</h2><table id=\"queues\"><tr><th>stage</th><th>ready</th><th>unacked</th><th>consumers</th>"
            + "<th>retrying</th><th>dead</th><th>rate (1 min)</th><th>in flight</th><th>oldest unacked</th><th>hosts</th></tr>"
        for stage in fleet.stages {
            let dead = stage.dead > 0 ? "<span class=\"bad\">\(deadLink("\(stage.dead)", stage: stage.stage))</span>" : "0"
            html += "<tr data-stage=\"\(HTML.escape(stage.stage))\"><td>\(HTML.escape(stage.stage))</td>"
                + "<td class=\"n\">\(stage.ready)</td><td class=\"n\">\(stage.unacked.map(String.init) ?? "–")</td>"
                + "<td class=\"n\">\(stage.consumers)</td><td class=\"n\">\(stage.retrying)</td><td class=\"n\">\(dead)</td>"
                + "<td class=\"n\">\(rate(stage.handledPerSecond))</td><td class=\"n\">\(stage.inFlight)</td>"
                + "<td class=\"n\">\(stage.oldestUnackedSeconds.map(duration) ?? "–")</td>"
                + "<td>\(stage.hosts.map(HTML.escape).joined(separator: ", "))</td></tr>"
        }
        html += "</table>" + processes(fleet) + "<h2>Runs</h2>"
        guard !runs.isEmpty else { return layout("Console", html + "<p class=\"muted\">No runs yet.</p>") }
        html += "<table id=\"runs\"><tr><th>run</th><th>movies</th><th>frames</th><th>time</th><th>stuck</th><th></th></tr>"
        for run in runs {
            let frames = run.stages.first { $0.stage == Stage.frameRenderer.rawValue }
            html += "<tr><td>\(link(run: run.runId))</td><td>\(bar(run.moviesDone, run.movies))</td>"
                + "<td>\(bar(frames?.done ?? 0, frames?.total ?? 0))</td><td>\(HTML.escape(timing(run)))</td>"
                + "<td class=\"n\">\(run.stuckMovies > 0 ? "<span class=\"bad\">\(run.stuckMovies)</span>" : "0")</td>"
                + "<td><a href=\"/gallery/\(HTML.escape(run.runId))/index.html\">gallery</a> · \(deadLink("dead letters", run: run.runId))</td></tr>"
        }
        return layout("Console", html + "</table>")
    }

    /// Every live stage process, from its heartbeat.
    static func processes(_ fleet: FleetStatus) -> String {
        let rows = fleet.stages.flatMap { stage in
            stage.processes.map { process in
                "<tr><td>\(HTML.escape(stage.stage))</td><td>\(HTML.escape(process.host))</td><td class=\"n\">\(process.pid)</td>"
                    + "<td class=\"n\">\(process.inFlight)</td><td class=\"n\">\(process.handled)</td>"
                    + "<td class=\"n\">\(rate(process.handledPerSecond))</td>"
                    + "<td>\(process.outage.map { "<span class=\"bad\">outage: \(HTML.escape($0))</span>" } ?? "<span class=\"ok\">ok</span>")</td></tr>"
            }
        }
        guard !rows.isEmpty else { return "<p class=\"muted\">No stage process reports a heartbeat.</p>" }
        return "<details><summary>Processes (\(rows.count))</summary><table id=\"processes\"><tr><th>stage</th><th>host</th>"
            + "<th>pid</th><th>in flight</th><th>handled</th><th>rate</th><th>state</th></tr>" + rows.joined() + "</table></details>"
    }

    /// `/runs/<run>`: the run's stages and every movie's state.
    static func run(_ run: RunProgress) -> String {
        var html = "<h1>Run \(HTML.escape(run.runId))</h1><p>\(bar(run.moviesDone, run.movies)) movies done · "
            + "\(HTML.escape(timing(run))) · <a href=\"/gallery/\(HTML.escape(run.runId))/index.html\">gallery</a> · "
            + "\(deadLink("dead letters", run: run.runId))</p><table id=\"stages\"><tr><th>stage</th><th>progress</th></tr>"
        for stage in run.stages {
            html += "<tr><td>\(HTML.escape(stage.stage))</td><td>\(bar(stage.done, stage.total))</td></tr>"
        }
        html += "</table><h2>Movies</h2><table id=\"movies\"><tr><th>movie</th><th>state</th><th></th></tr>"
        let stuck = Dictionary(run.stuck.map { ($0.movieId, $0) }, uniquingKeysWith: { first, _ in first })
        for (movieId, state) in run.movieStates.sorted(by: { $0.key < $1.key }) {
            let note = stuck[movieId].map { "<span class=\"bad\">stuck \(duration($0.idleSeconds))</span>" } ?? ""
            html += "<tr data-movie=\"\(HTML.escape(movieId))\" data-state=\"\(HTML.escape(state))\"><td>\(HTML.escape(movieId))</td>"
                + "<td>\(HTML.escape(state)) \(note)</td><td><a href=\"/gallery/\(HTML.escape(run.runId))/index.html#\(HTML.escape(movieId))\">gallery</a></td></tr>"
        }
        return layout("Run \(run.runId)", html + "</table>")
    }
}
