import Foundation
import Testing
import TestSupport
@testable import Pipeline
@testable import Models

/// The validator's near-duplicate rule: a pair is a near-duplicate only of a pair that is kept, the better of two
/// competing pairs is kept whatever their order, and records list the clusters.
@Suite("QA validator: near-duplicates")
struct QAValidatorDuplicateTests {
    /// A small story whose text supports the good answers.
    static func story(_ qa: [(String, String)]) -> StoryDocument {
        StoryDocument(character: ["Mara": "a tall woman in a red coat"],
                      imgDiag: [["frame", "generate an image in Dramatic style: at the harbor, a tall woman in a red coat is holding a brass key"],
                                ["dialogue", "The guards search every boat at dawn."]],
                      qa: qa.map { .init(question: $0.0, answer: $0.1, type: nil) },
                      overview: "Mara hides a brass key at the harbor because the guards search every boat at dawn.")
    }

    static let good = ("Why does Mara hide the brass key at the harbor?", "Because the guards search every boat at dawn.")
    static let variants: [(name: String, pair: (String, String), reason: RejectReason)] = [
        ("too long", ("Why does Mara hide the brass key at the harbor?",
                      "Because the guards search. Every boat is searched. At dawn they come."), .tooLong),
        ("ungrounded", ("Why does Mara hide the brass key at the harbor?", "Because wizards summoned thunderous locusts overnight."), .unsupported),
        ("leaking markup", ("Why does Mara hide the brass key at the harbor?", "Because the guards search every boat at dawn. </answer>"), .leakedMarkup),
    ]

    @Test("a bad variant of a good question never costs the good one its place, whichever comes first")
    func betterPairWinsWhateverTheOrder() {
        for variant in Self.variants {
            for order in [[variant.pair, Self.good], [Self.good, variant.pair]] {
                let verdicts = QAValidator().validate(Self.story(order))
                let good = verdicts.first { $0.answer == Self.good.1 }, bad = verdicts.first { $0.answer != Self.good.1 }
                #expect(good?.kept == true, "\(variant.name), good pair \(order[0] == Self.good ? "first" : "second")")
                #expect(bad?.kept == false && bad?.reasons.contains(variant.reason) == true, "\(variant.name)")
                #expect(bad?.reasons.contains(.nearDuplicate) == true && bad?.duplicateOf == good?.index, "\(variant.name)")
            }
        }
    }

    @Test("a pair is a near-duplicate only of a kept pair: a question like a rejected one is kept")
    func onlyKeptPairsHaveDuplicates() {
        let verdicts = QAValidator().validate(Self.story([Self.variants[2].pair]
            + [("Why does Mara hide the brass key at the harbor?", "Because the guards search every boat at dawn.")]))
        #expect(verdicts.map(\.kept) == [false, true])
        // Only rejected pairs that resemble one another: none is a near-duplicate.
        let flawed = QAValidator().validate(Self.story([Self.variants[0].pair, Self.variants[1].pair]))
        #expect(flawed.allSatisfy { !$0.kept && !$0.reasons.contains(.nearDuplicate) && $0.duplicateOf == nil })
    }

    @Test("the kept set does not depend on the order of the QA list")
    func keptSetIsOrderIndependent() {
        let pairs = [Self.good] + Self.variants.map(\.pair) + [("What does Mara hide at the harbor?", "A brass key."),
                                                                ("What does Mara hide at the harbor?", "She hides a brass key.")]
        var rng = SystemRandomNumberGenerator()
        let reference = Set(QAValidator().validate(Self.story(pairs)).filter(\.kept).map { "\($0.question)|\($0.answer)" })
        for _ in 0..<20 {
            let kept = Set(QAValidator().validate(Self.story(pairs.shuffled(using: &rng))).filter(\.kept).map { "\($0.question)|\($0.answer)" })
            #expect(kept == reference)
        }
        #expect(reference.count == 2)
    }

    @Test("record.json lists each kept pair with its near-duplicates")
    func recordsListClusters() throws {
        let story = Self.story([Self.variants[0].pair, Self.good, Self.variants[2].pair, ("Where is the brass key?", "At the harbor.")])
        let record = MovieRecord(movie: MovieRef(runId: "r", movieId: "movie-0001"), story: story,
                                 verdicts: QAValidator().validate(story))
        #expect(record.nearDuplicateClusters == [NearDuplicateCluster(kept: 1, question: Self.good.0, duplicates: [0, 2])])
        let json = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        #expect(json.contains("\"near_duplicate_clusters\"") && json.contains("\"duplicate_of\""))
    }

    @Test("the authors' sample movie still validates with at least 140 of its 144 QA kept")
    func authorsSampleValidates() throws {
        let story = try StoryDocument.load(TestPaths.sampleDirectory.appendingPathComponent("story_info_0.json"))
        let verdicts = QAValidator().validate(story)
        #expect(verdicts.count == 144)
        #expect(verdicts.filter(\.kept).count >= 140, "\(verdicts.filter(\.kept).count) kept")
    }
}

/// A story model that only judges: it finds unsupported every answer that mentions `doubted`.
struct DoubtingJudge: StoryModel {
    let doubted: String

    func writePlot(_ request: PlotRequest) async throws -> MoviePlot { throw ModelError.permanent("judge only") }
    func expandSubstory(_ request: SubstoryRequest) async throws -> SubstoryExpansion { throw ModelError.permanent("judge only") }
    func expandTinystory(_ request: TinystoryRequest) async throws -> TinystoryExpansion { throw ModelError.permanent("judge only") }
    func judgeQA(_ request: JudgeRequest) async throws -> JudgeVerdict? {
        JudgeVerdict(supported: !request.answer.contains(doubted), reason: "checked")
    }
}

extension QAValidatorDuplicateTests {
    @Test("after the LLM judge, a near-duplicate of a pair it rejected is kept instead, and judged in turn")
    func judgeRejectionPromotesTheNearDuplicate() async throws {
        let story = Self.story([("Why does Mara hide the brass key at the harbor?", "Because the guards search every boat at dawn."),
                                ("Why does Mara hide the brass key at the harbor?", "Because the guards search every boat.")])
        let validator = QAValidator()
        let before = validator.validate(story)
        #expect(before.map(\.kept) == [true, false] && before[1].duplicateOf == 0)
        let judged = try #require(try await QAJudge(model: DoubtingJudge(doubted: "at dawn")).judge(before, story: story, resolvingWith: validator))
        #expect(judged.map(\.kept) == [false, true])
        #expect(judged[0].reasons.contains(.judgeRejected) && judged[1].reasons.isEmpty && judged[1].duplicateOf == nil)
        #expect(judged.allSatisfy { $0.judge == "checked" }, "the promoted pair was judged too")
    }
}
