import Models
import Clients
import DreamFrameCore
import Foundation

/// The broker topology, read from `Topology/definitions.json` — the one source of exchange and queue names.
///
/// The file is a RabbitMQ definitions document (`rabbitmqctl import_definitions` loads it as is). Each stage's roles
/// are derived from its structure, not from naming conventions: the work queue is the queue bound to the work
/// exchange with the stage's name as routing key; retry queues are queues with a message TTL that dead-letter back to
/// it; the dead-letter queue is where the work queue's own `x-dead-letter-exchange` routes.
public struct Topology: Sendable {
    public let definitions: Definitions
    /// Where the file was read from.
    public let source: String
    private let plotWriter, storyExpander, styleTrainer, frameRenderer, qaValidator: StageQueues

    /// Parses a definitions document and derives every stage's queues.
    public init(data: Data, source: String) throws {
        let definitions: Definitions
        do {
            definitions = try JSONDecoder().decode(Definitions.self, from: data)
        } catch {
            throw ConfigurationError.invalid("topology file", value: source, expected: "a RabbitMQ definitions JSON (\(error))")
        }
        self.definitions = definitions
        self.source = source
        func derive(_ stage: Stage) throws -> StageQueues {
            try StageQueues.derive(stage: stage, from: definitions, source: source)
        }
        plotWriter = try derive(.plotWriter)
        storyExpander = try derive(.storyExpander)
        styleTrainer = try derive(.styleTrainer)
        frameRenderer = try derive(.frameRenderer)
        qaValidator = try derive(.qaValidator)
    }

    /// The queues of one stage.
    public func queues(for stage: Stage) -> StageQueues {
        switch stage {
        case .plotWriter: return plotWriter
        case .storyExpander: return storyExpander
        case .styleTrainer: return styleTrainer
        case .frameRenderer: return frameRenderer
        case .qaValidator: return qaValidator
        }
    }

    /// Loads the topology from `path`, or from the first of the default locations that exists:
    /// `$DREAMFRAME_TOPOLOGY`, `./Topology/definitions.json`, the checkout the executable was built in,
    /// and `/usr/local/share/dreamframe/definitions.json`.
    public static func load(path: String? = nil) throws -> Topology {
        let candidates = path.map { [$0] } ?? defaultLocations()
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate) {
            guard let data = FileManager.default.contents(atPath: candidate) else { continue }
            return try Topology(data: data, source: candidate)
        }
        if let path {
            throw ConfigurationError.invalid("--topology", value: path, expected: "an existing RabbitMQ definitions file")
        }
        throw ConfigurationError.missing("topology file", hint: "looked in \(candidates.joined(separator: ", ")); pass --topology FILE or set DREAMFRAME_TOPOLOGY")
    }

    static func defaultLocations() -> [String] {
        var paths: [String] = []
        if let env = ProcessInfo.processInfo.environment["DREAMFRAME_TOPOLOGY"], !env.isEmpty { paths.append(env) }
        paths.append(FileManager.default.currentDirectoryPath + "/Topology/definitions.json")
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            directory = directory.deletingLastPathComponent()
            paths.append(directory.appendingPathComponent("Topology/definitions.json").path)
        }
        paths.append("/usr/local/share/dreamframe/definitions.json")
        return paths
    }
}
