import Models
import Clients
import DreamFrameCore
import Foundation

/// The optional LLM-as-judge step: asks the story model about every QA pair the rule-based checks kept.
/// With a model that does not judge (the built-in one) it changes nothing.
public struct QAJudge: Sendable {
    /// The story model asked to judge.
    public let model: any StoryModel
    /// Story lines sent as evidence per question, the most related first.
    public var evidenceLines: Int

    /// Creates a judge step over `model`.
    public init(model: any StoryModel, evidenceLines: Int = 40) {
        self.model = model
        self.evidenceLines = evidenceLines
    }

    /// Returns the verdicts with judge reasons added; unsupported answers become rejects with `judge-rejected`.
    /// Returns nil when the model does not judge.
    ///
    /// With `validator`, near-duplicates are decided again after the judge (a pair is a near-duplicate only of a pair
    /// that is kept): a near-duplicate of a pair the judge rejected may be kept instead, so it is judged in turn,
    /// until no kept pair is left unjudged.
    public func judge(_ verdicts: [QAVerdict], story: StoryDocument, resolvingWith validator: QAValidator?)
        async throws -> [QAVerdict]? {
        guard var current = try await judge(verdicts, story: story) else { return nil }
        guard let validator else { return current }
        for _ in 0...verdicts.count {
            let resolved = validator.resolveDuplicates(current)
            guard resolved.contains(where: { $0.kept && $0.type != .describe && $0.judge == nil }) else { return resolved }
            guard let judged = try await judge(resolved, story: story) else { return nil }
            current = judged
        }
        return validator.resolveDuplicates(current)
    }

    /// Judges every kept pair not judged yet (see ``judge(_:story:resolvingWith:)``).
    public func judge(_ verdicts: [QAVerdict], story: StoryDocument) async throws -> [QAVerdict]? {
        var judged = verdicts
        let lines = story.frameDescriptions + story.dialogue
            + (story.substories?.flatMap { [$0.content] + $0.tinystories.map(\.content) } ?? [])
        for i in judged.indices where judged[i].kept && judged[i].type != .describe && judged[i].judge == nil {
            let request = JudgeRequest(title: story.title ?? "", overview: story.overview,
                                       evidence: evidence(for: judged[i], in: lines), question: judged[i].question,
                                       answer: judged[i].answer)
            guard let verdict = try await model.judgeQA(request) else { return nil }
            judged[i].judge = verdict.reason
            if !verdict.supported {
                judged[i].verdict = .reject
                judged[i].reasons.append(.judgeRejected)
            }
        }
        return judged
    }

    /// The story lines sharing the most content words with the QA pair.
    func evidence(for verdict: QAVerdict, in lines: [String]) -> String {
        let words = Set(TextTokens.contentWords(verdict.question + " " + verdict.answer))
        let ranked = lines.enumerated().map { ($0.offset, $0.element, Set(TextTokens.contentWords($0.element)).intersection(words).count) }
            .filter { $0.2 > 0 }.sorted { ($0.2, -$0.0) > ($1.2, -$1.0) }.prefix(evidenceLines)
        return ranked.sorted { $0.0 < $1.0 }.map { "- \($0.1)" }.joined(separator: "\n")
    }
}
