import ArgumentParser
import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// `dreamframe validate`: check a story's QA offline.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Validate the QA of a story file (the authors' format or ours), offline.")

    @Argument(help: "A story JSON file.") var file: String
    @Flag(name: .customLong("json"), help: "Print {\"qa\":[…],\"summary\":{…}}.") var json = false
    @Option(name: .customLong("support-threshold"), help: "Minimum share of an answer's words found in the movie (0...1).")
    var supportThreshold: Double = 0.5
    @Flag(name: .customLong("llm-judge"), help: "Also ask the story model (--story-model) to judge each kept QA pair; skipped with the built-in model.")
    var llmJudge = false
    @OptionGroup var backends: BackendOptions

    func validate() throws {
        guard FileManager.default.fileExists(atPath: file) else { throw ValidationError("FILE: '\(file)' does not exist") }
        guard (0...1).contains(supportThreshold) else { throw ValidationError("--support-threshold: expected 0...1, got \(supportThreshold)") }
    }

    struct Summary: Encodable {
        var total: Int
        var kept: Int
        var rejected: Int
        var byReason: [String: Int]
        var byType: [String: Int]
        var supportThreshold: Double
        enum CodingKeys: String, CodingKey {
            case total, kept, rejected, byReason = "by_reason", byType = "by_type", supportThreshold = "support_threshold"
        }
    }

    struct Report: Encodable {
        var qa: [QAVerdict]
        var summary: Summary
    }

    func run() async throws {
        let story: StoryDocument
        do { story = try StoryDocument.load(URL(fileURLWithPath: file)) } catch { throw ValidationError("FILE: \(error)") }
        let validator = QAValidator(supportThreshold: supportThreshold)
        var verdicts = validator.validate(story)
        if llmJudge {
            let model = try await asUsageError { try await Backends.offline(backends).storyModel() }
            if let judged = try await QAJudge(model: model).judge(verdicts, story: story, resolvingWith: validator) {
                verdicts = judged
            } else {
                FileHandle.standardError.write(Data("the story model does not judge; --llm-judge skipped\n".utf8))
            }
        }
        var byReason: [String: Int] = [:], byType: [String: Int] = [:]
        for v in verdicts {
            v.reasons.forEach { byReason[$0.rawValue, default: 0] += 1 }
            byType[v.type?.rawValue ?? "none", default: 0] += 1
        }
        let summary = Summary(total: verdicts.count, kept: verdicts.filter(\.kept).count,
                              rejected: verdicts.filter { !$0.kept }.count, byReason: byReason, byType: byType,
                              supportThreshold: supportThreshold)
        if json {
            printJSON(Report(qa: verdicts, summary: summary))
            return
        }
        // A question is a model's (or a file's) text: one escaped line on the terminal, never control sequences.
        for v in verdicts where !v.kept {
            print("reject #\(v.index) [\(v.reasons.map(\.rawValue).joined(separator: ", "))] support \(v.support): "
                  + SafeText.line(v.question, maxBytes: 1000))
        }
        print("\(summary.kept) of \(summary.total) QA kept, \(summary.rejected) rejected \(byReason.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
    }
}
