import ArgumentParser
import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// `dreamframe replay`: browse dead letters and move them back to work.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "List dead-lettered messages, or requeue them to their stage.",
        subcommands: [List.self, Requeue.self], defaultSubcommand: List.self)

    struct Filters: ParsableArguments {
        @Option(name: .customLong("stage"), help: "Only this stage: \(Stage.allCases.map(\.rawValue).joined(separator: ", ")).")
        var stage: String?
        @Option(name: .customLong("run"), help: "Only this run id.")
        var runId: String?
        @Option(name: .customLong("movie"), help: "Only this movie id.")
        var movieId: String?
        @Option(name: .customLong("reason"), help: "Only reasons containing this text (case-insensitive).")
        var reason: String?
        @Option(name: .customLong("message-id"), help: "Only this message id.")
        var messageId: String?
        @Option(name: .customLong("limit"), help: "At most this many messages read per stage.")
        var limit: Int = 10_000

        func validate() throws {
            if let stage, Stage(rawValue: stage) == nil {
                throw ValidationError("--stage: expected one of \(Stage.allCases.map(\.rawValue).joined(separator: ", ")), got '\(stage)'")
            }
            guard limit > 0 else { throw ValidationError("--limit: expected a positive number, got \(limit)") }
        }

        var filter: DeadLetterFilter {
            DeadLetterFilter(stage: stage.flatMap(Stage.init(rawValue:)), runId: runId, movieId: movieId, reason: reason,
                             messageId: messageId)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dead letters with stage, movie, attempts and reason.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var filters: Filters
        @Flag(name: .customLong("json"), help: "Print JSON.") var json = false

        func run() async throws {
            let configuration = try await connection.resolve()
            let letters = try await DeadLetterReplayer(broker: configuration.broker, topology: configuration.topology)
                .list(filters.filter, limit: filters.limit)
            printLetters(letters, json: json, verb: "dead-lettered")
        }
    }

    struct Requeue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move matching dead letters back to their stage's work queue (attempts reset).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var filters: Filters
        @Flag(name: .customLong("dry-run"), help: "Only list what would move.") var dryRun = false
        @Flag(name: .customLong("json"), help: "Print JSON.") var json = false

        func run() async throws {
            try await withServices(connection) { services in
                let replayer = DeadLetterReplayer(broker: services.settings.broker,
                                                  topology: services.settings.topology)
                if dryRun {
                    printLetters(try await replayer.list(filters.filter, limit: filters.limit), json: json, verb: "would requeue")
                } else {
                    printLetters(try await replayer.replay(filters.filter, publisher: services.publisher, limit: filters.limit),
                                 json: json, verb: "requeued")
                }
            }
        }
    }
}

func printLetters(_ letters: [DeadLetter], json: Bool, verb: String) {
    if json {
        print(JSONCoding.prettyString(letters, fallback: "[]"))
        return
    }
    print("\(letters.count) message(s) \(verb)")
    for letter in letters {
        print("- [\(letter.stage)] \(letter.messageId)  run=\(letter.runId ?? "-") movie=\(letter.movieId ?? "-") kind=\(letter.kind ?? "-") attempts=\(letter.attempts) replays=\(letter.replays)")
        print("    reason: \(letter.reason)")
    }
}
