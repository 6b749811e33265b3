import Models
import DreamFrameCore
import Foundation

extension QAValidator {
    /// Decides near-duplicates over verdicts whose other checks are done: pairs are taken best first
    /// (``isBetter(_:than:)``), a pair as similar as ``duplicateThreshold`` to a pair already kept is rejected as its
    /// near-duplicate (``QAVerdict/duplicateOf`` names the most similar kept pair), and a pair with no other reason
    /// is kept. Reasons other than near-duplicate are kept as they are, so deciding again after more checks (the
    /// LLM judge) is safe: a pair is only ever a near-duplicate of a pair that is kept.
    public func resolveDuplicates(_ verdicts: [QAVerdict]) -> [QAVerdict] {
        var out = verdicts.map { verdict -> QAVerdict in
            var v = verdict
            v.reasons.removeAll { $0 == .nearDuplicate }
            v.duplicateOf = nil
            v.verdict = v.reasons.isEmpty ? .keep : .reject
            return v
        }
        let words = out.map { Set(TextTokens.contentWords($0.question)) }
        var kept: [Int] = []
        for i in out.indices.sorted(by: { Self.isBetter(out[$0], than: out[$1]) }) {
            let similar = kept.map { ($0, TextTokens.jaccard(words[$0], words[i])) }
                .filter { $0.1 >= duplicateThreshold }
            if let best = similar.max(by: { ($0.1, -$0.0) < ($1.1, -$1.0) }) {
                out[i].reasons.append(.nearDuplicate)
                out[i].duplicateOf = out[best.0].index
                out[i].verdict = .reject
            } else if out[i].reasons.isEmpty {
                kept.append(i)
            }
        }
        return out
    }

    /// Whether `a` is the better of two competing pairs: a pair with no other fault first (then the one with fewer
    /// faults), then the better supported, then an answer of 1-2 sentences nearer the usual length, then by text;
    /// the position in the story only breaks a tie between identical pairs.
    static func isBetter(_ a: QAVerdict, than b: QAVerdict) -> Bool {
        if a.reasons.count != b.reasons.count { return a.reasons.count < b.reasons.count }
        if a.support != b.support { return a.support > b.support }
        let lengthA = lengthPenalty(a.answer), lengthB = lengthPenalty(b.answer)
        if lengthA != lengthB { return lengthA < lengthB }
        if a.question != b.question { return a.question < b.question }
        if a.answer != b.answer { return a.answer < b.answer }
        return a.index < b.index
    }

    /// How far an answer's word count is from the range a one- or two-sentence answer usually has (4-30 words).
    static func lengthPenalty(_ answer: String) -> Int {
        let count = TextTokens.words(answer).count
        return count < 4 ? 4 - count : max(0, count - 30)
    }
}
