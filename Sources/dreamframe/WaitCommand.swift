import ArgumentParser
import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// `dreamframe wait RUN`: blocks until the run finished (exit 0), or says why it will not without a person:
/// a movie stuck (3), a dead letter of the run (4), or the timeout passed (5). Bad flags or an unknown run: 64.
struct WaitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait", abstract: "Wait until a run finished; the exit status says how it ended.",
        discussion: """
        Exit status: 0 the run finished; \(Outcome.stuck.rawValue) a movie made no progress for --stale seconds; \
        \(Outcome.deadLetters.rawValue) a message of the run is dead-lettered; \(Outcome.timedOut.rawValue) --timeout \
        passed first; 64 bad flags or an unknown run.
        """)

    /// How a wait ended, as its exit status.
    enum Outcome: Int32, CaseIterable {
        case finished = 0
        case stuck = 3
        case deadLetters = 4
        case timedOut = 5
    }

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The run id.")
    var runId: String

    @Option(name: .customLong("timeout"), help: "Give up after this many seconds (exit 5); default: wait for ever.")
    var timeout: Double?

    @Option(name: .customLong("interval"), help: "Seconds between looks (default 2).")
    var interval: Double = 2

    @Option(name: .customLong("stale"), help: "Seconds without progress after which a movie counts as stuck (exit 3; default 300).")
    var stale: Double = 300

    func validate() throws {
        if let timeout, !(timeout >= 0 && timeout.isFinite) { throw ValidationError("--timeout: expected seconds >= 0, got \(timeout)") }
        guard (0.1...3600).contains(interval) else { throw ValidationError("--interval: expected 0.1...3600 seconds, got \(interval)") }
        guard stale > 0, stale.isFinite else { throw ValidationError("--stale: expected seconds > 0, got \(stale)") }
    }

    func run() async throws {
        let outcome = try await withServices(connection) { services in
            let run = try await resolveRunId(runId, state: services.state)
            let monitor = QueueMonitor(broker: services.settings.broker, topology: services.settings.topology,
                                       managementURL: nil)
            let replayer = DeadLetterReplayer(broker: services.settings.broker, topology: services.settings.topology)
            let deadline = timeout.map { ContinuousClock.now + .milliseconds(Int($0 * 1000)) }
            var deadSeen = 0
            while true {
                // An idle movie whose stage still works through messages in line waits its turn: not stuck.
                let queues = try await monitor.snapshot()
                guard let progress = try await RunProgress.load(runId: run, state: services.state, stale: stale,
                                                                backlog: StatusCommand.backlog(queues)) else {
                    throw ValidationError("run \(run) vanished from Redis")
                }
                if progress.isComplete {
                    print("run \(run) finished: \(progress.movies) movies in \(StatusReport.duration(progress.durationSeconds ?? progress.elapsedSeconds))")
                    return Outcome.finished
                }
                // The dead-letter queues are browsed only when they hold more than at the last look.
                let dead = queues.reduce(0) { $0 + $1.dead }
                if dead > deadSeen {
                    let letters = try await replayer.list(DeadLetterFilter(runId: run))
                    if !letters.isEmpty {
                        printLetters(letters, json: false, verb: "dead-lettered in run \(run)")
                        print("run \(run) cannot finish until they are replayed: dreamframe replay requeue --run \(run)")
                        return Outcome.deadLetters
                    }
                }
                deadSeen = dead
                if progress.stuckMovies > 0 {
                    print("run \(run): \(progress.stuckMovies) movie(s) without progress for \(Int(stale)) s: "
                          + progress.stuck.map { "\($0.movieId) [\($0.state)]" }.joined(separator: ", "))
                    print("dreamframe status \(run) shows what they miss; dreamframe repair \(run) republishes it")
                    return Outcome.stuck
                }
                if let deadline, ContinuousClock.now >= deadline {
                    print("run \(run): \(progress.moviesDone)/\(progress.movies) movies done when --timeout passed")
                    return Outcome.timedOut
                }
                try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
            }
        }
        if outcome != .finished { throw ExitCode(outcome.rawValue) }
    }
}
