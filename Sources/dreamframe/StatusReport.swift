import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// Formats the fleet and a run's status for people (`--json` prints ``FleetStatus`` itself).
enum StatusReport {
    static func text(_ status: FleetStatus, workers: [WorkerReport] = []) -> String {
        var lines = [pad("stage", 16) + lpad("ready", 8) + lpad("unacked", 9) + lpad("consumers", 11) + lpad("retrying", 10)
                     + lpad("dead", 7) + lpad("msg/s", 8) + lpad("in flight", 11) + lpad("oldest", 9)]
        for stage in status.stages {
            lines.append(pad(stage.stage, 16) + lpad("\(stage.ready)", 8) + lpad(stage.unacked.map(String.init) ?? "-", 9)
                         + lpad("\(stage.consumers)", 11) + lpad("\(stage.retrying)", 10) + lpad("\(stage.dead)", 7)
                         + lpad(rate(stage.handledPerSecond), 8) + lpad("\(stage.inFlight)", 11)
                         + lpad(stage.oldestUnackedSeconds.map(duration) ?? "-", 9))
        }
        lines.append("")
        lines += workerLines(workers)
        lines += processLines(status)
        if let progress = status.run {
            lines.append("")
            lines += runLines(progress)
        } else {
            lines.append("\nno runs yet")
        }
        if status.needsAttention {
            lines.append("")
            lines.append("needs attention:")
            lines += status.attention.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    /// Each live process: host, pid, in flight, handled, rate over the last minute, its oldest held delivery.
    static func processLines(_ status: FleetStatus) -> [String] {
        status.stages.flatMap { stage in
            stage.processes.map { process in
                "    " + pad(stage.stage, 16) + pad("\(process.host) pid \(process.pid)", 28)
                    + "\(process.inFlight) in flight, \(process.handled) handled, \(rate(process.handledPerSecond ?? 0))/s"
                    + (process.oldestUnackedSeconds.map { ", oldest \(duration($0))" } ?? "")
            }
        }
    }

    /// The run's line, its stage bars, its movies by state and its stuck movies.
    static func runLines(_ progress: RunProgress) -> [String] {
        var lines: [String] = []
        if let duration = progress.durationSeconds {
            lines.append("run \(progress.runId): \(progress.moviesDone)/\(progress.movies) movies done, finished in \(self.duration(duration))")
        } else {
            let eta = progress.etaSeconds.map { duration($0) + (progress.etaBasis == "fleet-rate" ? " (at the renderers' rate)" : "") } ?? "estimating"
            lines.append("run \(progress.runId): \(progress.moviesDone)/\(progress.movies) movies done, elapsed \(duration(progress.elapsedSeconds)), ETA \(eta)")
        }
        for stage in progress.stages {
            lines.append("  " + pad(stage.stage, 16) + bar(stage.done, stage.total) + "  \(stage.done)/\(stage.total)")
        }
        var byState: [String: Int] = [:]
        progress.movieStates.values.forEach { byState[$0, default: 0] += 1 }
        lines.append("  movies: " + byState.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        if progress.moviesInLine > 0 {
            lines.append("  in line: \(progress.moviesInLine) movie(s) idle while their stage works through its queue")
        }
        if progress.stuckMovies > 0 {
            lines.append("  stuck: \(progress.stuckMovies) movie(s) without progress (dreamframe repair republishes what they miss)")
            for movie in progress.stuck {
                lines.append("    \(movie.movieId) [\(movie.state)] idle \(duration(movie.idleSeconds))"
                             + (movie.diagnosis.map { ": \($0)" } ?? ""))
            }
        }
        return lines
    }

    static func rate(_ perSecond: Double) -> String {
        perSecond >= 10 ? String(Int(perSecond.rounded())) : String(format: "%.1f", perSecond)
    }

    static func bar(_ done: Int, _ total: Int, width: Int = 30) -> String {
        let filled = total == 0 ? 0 : min(width, done * width / total)
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    static func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }
}
