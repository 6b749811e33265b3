import Models
import Foundation

extension DatasetCard {
    /// Movies listed one by one in the card's quality section; the rest are summed up in one line.
    static let qualityRows = 100

    /// The card's quality section: every target with its measured value, the QA type and genre mixes beside the
    /// paper's, answer lengths, and QA per movie (`dreamframe inspect dataset` prints the same figures).
    static func qualitySection(_ q: DatasetQuality) -> String {
        let checks = q.checks.map { "| \($0.name) | \($0.target) | \(MarkdownText.cell($0.value)) | \(mark($0.passed)) |" }
        let types = q.typeMix.map { "| \($0.name) | \($0.count) | " + String(format: "%.1f%% | %.1f%% |", $0.percent, $0.paperPercent) }
        let genres = q.genreMix.filter { $0.count > 0 || $0.paperPercent > 0 }.map {
            "| \(MarkdownText.cell($0.name)) | \($0.count) | " + String(format: "%.1f%% | %.1f%% |", $0.percent, $0.paperPercent)
        }
        let lengths = q.answerLengths
        let buckets = ["1-5", "6-10", "11-20", "21-30", "31+"].map { "\($0): \(lengths.byWords[$0] ?? 0)" }.joined(separator: ", ")
        let movies = q.movies.prefix(qualityRows).map { m in
            "| \(MarkdownText.cell(m.videoId)) | \(m.kept) | \(m.rejected) | "
                + "\(m.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")) | "
                + "\(m.nearDuplicateClusters.map(String.init) ?? "-") | \(m.distinctDialogue.map(QualityCheck.pct) ?? "-") | "
                + "\(m.distinctFrames.map(QualityCheck.pct) ?? "-") |"
        }
        let more = q.movies.count > qualityRows ? "\n(\(q.movies.count - qualityRows) more movies: `dreamframe inspect dataset --json`)" : ""
        return """

            ## Quality
            | figure | target | measured | met |
            |---|---|---|---|
            \(checks.joined(separator: "\n"))

            QA kept by type (the description aside), beside the authors' sample movie:

            | type | kept | share | authors' movie |
            |---|---|---|---|
            \(types.joined(separator: "\n"))

            Genres beside the paper's dataset:

            | genre | movies | share | paper |
            |---|---|---|---|
            \(genres.joined(separator: "\n"))

            Answer lengths (kept, the description aside): \(lengths.answers) answers, mean \(String(format: "%.1f", lengths.meanWords)) words, \
            median \(lengths.medianWords), 90th percentile \(lengths.p90Words), longest \(lengths.maxWords); by words \(buckets); \
            \(lengths.oneSentence) of one sentence, \(lengths.twoSentences) of two.

            | movie | kept | rejected | rejected by reason | near-duplicate clusters | distinct dialogue | distinct frames |
            |---|---|---|---|---|---|---|
            \(movies.joined(separator: "\n"))\(more)

            """
    }

    /// "yes", "NO" or "n/a" (does not apply).
    static func mark(_ passed: Bool?) -> String {
        passed.map { $0 ? "yes" : "NO" } ?? "n/a"
    }
}
