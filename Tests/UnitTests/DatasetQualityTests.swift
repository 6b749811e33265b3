import Foundation
import Testing
import TestSupport
@testable import Pipeline
@testable import Models

/// The quality figures of a dataset (`dreamframe inspect dataset`, the card's quality section).
@Suite("Dataset quality figures")
struct DatasetQualityTests {
    static func verdict(_ index: Int, _ type: QAType, kept: Bool, reasons: [RejectReason] = [], answer: String = "Because it rains.") -> QAVerdict {
        QAVerdict(index: index, question: "\(type.rawValue.capitalized) \(index)?", answer: answer, type: type,
                  verdict: kept ? .keep : .reject, reasons: reasons, support: reasons.contains(.unsupported) ? 0.2 : 1)
    }

    static func record(_ id: String, genre: String, kept: [QAType], rejected: [RejectReason], frames: Int, distinctFrames: Int,
                       dialogues: Int, distinctDialogues: Int) -> MovieRecord {
        let story = StoryDocument(character: [:], imgDiag: [], qa: [], overview: "")
        var record = MovieRecord(movie: MovieRef(runId: "r", movieId: id), story: story, verdicts: [])
        record.genre = genre
        record.frames = frames
        record.dialogues = dialogues
        record.distinctFrames = distinctFrames
        record.distinctDialogues = distinctDialogues
        record.kept = kept.enumerated().map { verdict($0.offset, $0.element, kept: true) }
        record.rejected = rejected.enumerated().map { verdict(kept.count + $0.offset, .why, kept: false, reasons: [$0.element]) }
        return record
    }

    /// 100 kept in the authors' proportions (why 68, what 14, how 13, where 5).
    static let paperMix: [QAType] = Array(repeating: .why, count: 68) + Array(repeating: .what, count: 14)
        + Array(repeating: .how, count: 13) + Array(repeating: .where, count: 5)

    @Test("a movie meeting every target passes every check that applies")
    func targetsMet() {
        let good = Self.record("movie-0001", genre: "Drama", kept: Self.paperMix + Self.paperMix, rejected: [.nearDuplicate],
                               frames: 1331, distinctFrames: 1320, dialogues: 726, distinctDialogues: 700)
        let q = DatasetQuality(records: [good], styleConsistency: StyleConsistencyFigure(movies: 2, framesPerMovie: 8, withinMovie: 0.3, acrossMovies: 1))
        #expect(q.kept == 200 && q.rejected == 1 && q.rejectedByReason == ["near-duplicate": 1])
        #expect(q.typeMix.map(\.percent) == [68, 14, 13, 5])
        #expect(q.checks.filter { $0.passed == false }.isEmpty, "\(q.checks)")
        #expect(q.checks.first { $0.name.hasPrefix("genre") }?.passed == nil, "the genre mix needs 1,000 movies")
        #expect(q.answerLengths.answers == 200 && q.answerLengths.medianWords == 3)
    }

    @Test("each target that is missed fails its check")
    func targetsMissed() {
        let bad = Self.record("movie-0002", genre: "Comedy", kept: Array(repeating: .where, count: 100),
                              rejected: Array(repeating: .nearDuplicate, count: 40) + [.unsupported],
                              frames: 1331, distinctFrames: 900, dialogues: 726, distinctDialogues: 40)
        let q = DatasetQuality(records: [bad], styleConsistency: StyleConsistencyFigure(movies: 2, framesPerMovie: 8, withinMovie: 0.7, acrossMovies: 1))
        let failed = Set(q.checks.filter { $0.passed == false }.map(\.name))
        #expect(failed == ["QA kept per movie", "QA rejected per movie", "QA type mix vs the authors' movie",
                           "answers supported by the movie's text", "distinct dialogue lines per movie",
                           "distinct frame descriptions per movie", "style consistency (within / across movies)"])
    }

    @Test("the dataset card carries the quality section")
    func cardHasQuality() async throws {
        let root = try TestPaths.temporaryDirectory("df-quality")
        defer { try? FileManager.default.removeItem(at: root) }
        try await SampleRuns.write(runId: "run-q", movies: 2, seed: 4, under: root)
        let card = try String(contentsOf: OutputLayout(root: root.path).datasetDirectory("run-q").appendingPathComponent("README.md"), encoding: .utf8)
        for heading in ["## Quality", "| QA rejected per movie | ≤ 10% |", "| type | kept | share | authors' movie |",
                        "| genre | movies | share | paper |", "Answer lengths", "| movie | kept | rejected |"] {
            #expect(card.contains(heading), "\(heading)")
        }
    }
}
