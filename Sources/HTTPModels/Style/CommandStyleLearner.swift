import DreamFrameCore
import Foundation
import Models

/// A ``StyleLearner`` that runs an external trainer — diffusers' `textual_inversion_sdxl.py` under `accelerate
/// launch` on a GPU host, say — and reads back the embedding file it writes.
///
/// The command is an argument vector (never a shell line) whose arguments may hold `{images}` (the reference
/// folder), `{keyword}`, `{token}` (the name the embedding gets, ``StyleArtifact/token(styleId:)``), `{steps}`,
/// `{base_model}` and `{output}` (the file to write, `<work>/<token>.<format>`), where `<work>` is the request's
/// ``StyleRequest/workDirectory`` (the run's `styles/<style-id>/training/`), never beside the reference images. Its
/// output goes to `<work>/train.log`, whose new lines are reported as progress. The trainer is started under `setpriv
/// --pdeathsig KILL`, so it dies with the stage process that started it: a learner killed mid-training leaves no
/// orphan holding the GPU, and the next holder of the style's lease trains again from scratch (the output file is
/// removed before every start). Exit 0 with a safetensors or PyTorch file at `{output}` is a learned style; a
/// non-zero exit is transient (the message is retried) and names the last lines of the log.
public struct CommandStyleLearner: StyleLearner {
    /// How to run the trainer.
    public struct Options: Sendable, Hashable {
        /// The argument vector, placeholders included; the first item is the program.
        public var command: [String]
        /// Optimisation steps (`{steps}`).
        public var steps: Int
        /// The checkpoint trained against (`{base_model}`), part of the style's identity.
        public var baseModel: String
        /// The file format the trainer writes.
        public var format: StyleArtifact.Format
        /// The longest a training may take (a request's own ``StyleRequest/timeLimit`` may be shorter); the trainer
        /// is killed after it, with every process it started.
        public var timeout: Duration

        /// Creates options.
        public init(command: [String], steps: Int = 1500, baseModel: String = "stable-diffusion-xl-base-1.0",
                    format: StyleArtifact.Format = .safetensors, timeout: Duration = .seconds(6600)) {
            self.command = command
            self.steps = steps
            self.baseModel = baseModel
            self.format = format
            self.timeout = timeout
        }
    }

    /// The placeholders a command may use.
    public static let placeholders = ["images", "keyword", "token", "steps", "base_model", "output"]

    /// How to run the trainer.
    public let options: Options
    /// Runs the trainer: `setpriv` when present (the trainer dies with this process), else the command itself.
    let launcher: [String]

    /// Creates a learner; fails naming the problem when the command is empty or uses an unknown placeholder.
    public init(options: Options) throws {
        guard let program = options.command.first, !program.isEmpty else {
            throw ModelError.permanent("the trainer command is empty")
        }
        for argument in options.command {
            var rest = Substring(argument)
            while let open = rest.range(of: "{"), let close = rest[open.upperBound...].range(of: "}") {
                let name = String(rest[open.upperBound..<close.lowerBound])
                guard Self.placeholders.contains(name) else {
                    throw ModelError.permanent("the trainer command uses {\(name)}; placeholders are "
                                               + Self.placeholders.map { "{\($0)}" }.joined(separator: ", "))
                }
                rest = rest[close.upperBound...]
            }
        }
        self.options = options
        let setpriv = "/usr/bin/setpriv"
        launcher = FileManager.default.isExecutableFile(atPath: setpriv) ? [setpriv, "--pdeathsig", "KILL", "--"] : []
    }

    /// `command:<base model>:<steps>:<program>`.
    public var learnerId: String {
        "command:\(options.baseModel):\(options.steps):\(URL(fileURLWithPath: options.command[0]).lastPathComponent)"
    }

    /// It trains from image files.
    public var needsReferenceImages: Bool { true }

    public func learnStyle(_ request: StyleRequest) async throws -> StyleEmbedding {
        try await learnStyle(request) { _ in }
    }

    public func learnStyle(_ request: StyleRequest, progress: @escaping @Sendable (String) -> Void) async throws -> StyleEmbedding {
        guard !request.styleId.isEmpty else { throw ModelError.permanent("a trained style needs its style id to name its file") }
        guard let first = request.referenceImages.first else {
            throw ModelError.permanent("the trainer learns from reference images, and the style has none")
        }
        let images = URL(fileURLWithPath: first).deletingLastPathComponent()
        let token = StyleArtifact.token(styleId: request.styleId)
        let work = request.workDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("dreamframe-training-\(token)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        let output = work.appendingPathComponent("\(token).\(options.format.rawValue)")
        let log = work.appendingPathComponent("train.log")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: output)   // a killed attempt's half-written file is never taken
        try? FileManager.default.removeItem(at: log)
        let values = ["images": images.path, "keyword": request.style.keyword, "token": token,
                      "steps": String(options.steps), "base_model": options.baseModel, "output": output.path]
        let argv = options.command.map { argument in
            values.reduce(argument) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        }
        progress("training \(token) with \(argv[0]): \(options.steps) steps, log \(log.path)")
        let tail = Task { await follow(log, progress) }
        let termination: ChildTermination
        do {
            termination = try await ChildProcess.run((launcher + argv)[0], Array((launcher + argv).dropFirst()),
                                                     outputFile: log.path,
                                                     timeLimit: request.timeLimit(cappedBy: options.timeout))
        } catch {
            tail.cancel()
            throw ModelError.permanent("cannot start the trainer \(argv[0]): \(error)")
        }
        tail.cancel()
        let last = Self.lastLines(of: log, count: 3)
        guard termination == .exited(0) else {
            throw ModelError.transient("the trainer \(termination); its log ends: \(last)")
        }
        guard let bytes = FileManager.default.contents(atPath: output.path), let format = StyleArtifact.detectFormat(bytes) else {
            throw ModelError.permanent("the trainer exited 0 but wrote no safetensors or PyTorch file at \(output.path); its log ends: \(last)")
        }
        guard format == options.format else {
            throw ModelError.permanent("the trainer wrote a \(format.rawValue) file where \(options.format.rawValue) was asked for")
        }
        progress("trained \(token): \(bytes.count) bytes of \(format.rawValue)")
        let artifact = StyleArtifact(token: token, format: format, bytes: bytes, baseModel: options.baseModel,
                                     learner: learnerId, steps: options.steps, loss: Self.finalLoss(in: log))
        return StyleEmbedding(styleId: request.styleId, keyword: request.style.keyword, vector: [], lossCurve: [],
                              learner: learnerId, artifact: artifact)
    }

    /// Reports the log's new lines (at most one report per few seconds) until cancelled.
    func follow(_ log: URL, _ progress: @escaping @Sendable (String) -> Void) async {
        var offset = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(2))
            let look = Self.lastNewLine(of: log, from: offset)
            offset = look.offset
            if let line = look.line { progress("trainer: " + line) }
        }
    }

    /// One look at the log: the last line it gained since `offset` (escaped, at most 200 bytes; nil when it gained
    /// nothing) and where the next look starts. Only the new bytes are read (``FileBytes``: no whole-log reads of an
    /// hour's training, no Foundation buffer leaked while the log is still empty).
    static func lastNewLine(of log: URL, from offset: Int) -> (line: String?, offset: Int) {
        guard let fresh = FileBytes.read(log.path, from: offset), !fresh.isEmpty else { return (nil, offset) }
        let lines = String(decoding: fresh, as: UTF8.self).split(whereSeparator: \.isNewline)
        return (lines.last.map { SafeText.line(String($0), maxBytes: 200) }, offset + fresh.count)
    }

    /// The last `count` lines of the log, as one escaped line.
    static func lastLines(of log: URL, count: Int) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let lines = text.split(whereSeparator: \.isNewline).suffix(count).joined(separator: " | ")
        return lines.isEmpty ? "(empty)" : SafeText.line(lines, maxBytes: 400)
    }

    /// The last `loss=<number>` the trainer printed (diffusers' progress bars show one), if any.
    static func finalLoss(in log: URL) -> Double? {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        guard let match = text.matches(of: /loss[=:]\s*([0-9.eE+-]+)/).last else { return nil }
        return Double(match.1)
    }
}
