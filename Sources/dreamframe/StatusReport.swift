import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// Formats queue and run status for people and for scripts.
enum StatusReport {
    static func text(queues: [QueueMonitor.StageQueuesStatus], workers: [WorkerReport], progress: RunProgress?) -> String {
        var lines = [pad("stage", 16) + lpad("ready", 8) + lpad("unacked", 9) + lpad("consumers", 11) + lpad("retrying", 10) + lpad("dead", 7)]
        for q in queues {
            lines.append(pad(q.stage, 16) + lpad("\(q.ready)", 8) + lpad(q.unacked.map(String.init) ?? "-", 9)
                         + lpad("\(q.consumers)", 11) + lpad("\(q.retrying)", 10) + lpad("\(q.dead)", 7))
        }
        lines.append("")
        lines += workerLines(workers)
        guard let progress else {
            lines.append("\nno runs yet")
            return lines.joined(separator: "\n")
        }
        let eta = progress.etaSeconds.map { duration($0) } ?? "estimating"
        lines.append("")
        lines.append("run \(progress.runId): \(progress.moviesDone)/\(progress.movies) movies done, elapsed \(duration(progress.elapsedSeconds)), ETA \(eta)")
        for stage in progress.stages {
            lines.append("  " + pad(stage.stage, 16) + bar(stage.done, stage.total) + "  \(stage.done)/\(stage.total)")
        }
        var byState: [String: Int] = [:]
        progress.movieStates.values.forEach { byState[$0, default: 0] += 1 }
        lines.append("  movies: " + byState.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        if progress.stuckMovies > 0 {
            lines.append("  stuck: \(progress.stuckMovies) movie(s) without progress (dreamframe repair republishes what they miss)")
            for movie in progress.stuck {
                lines.append("    \(movie.movieId) [\(movie.state)] idle \(duration(movie.idleSeconds))"
                             + (movie.diagnosis.map { ": \($0)" } ?? ""))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func json(queues: [QueueMonitor.StageQueuesStatus], workers: [WorkerReport], progress: RunProgress?) -> String {
        struct Report: Encodable {
            var queues: [QueueMonitor.StageQueuesStatus]
            var workers: [WorkerReport]
            var run: RunProgress?
        }
        return JSONCoding.prettyString(Report(queues: queues, workers: workers, run: progress), fallback: "{}")
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
