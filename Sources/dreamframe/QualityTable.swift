import Pipeline
import DreamFrameCore
import Foundation

/// `dreamframe inspect dataset` as text: the targets, the mixes beside the paper's, answer lengths, then one line per
/// movie. Model-written text (titles, genres) is printed as one escaped line (``SafeText``).
enum QualityTable {
    static func text(runId: String, quality q: DatasetQuality) -> String {
        var out: [String] = []
        let frames = q.movies.reduce(0) { $0 + $1.frames }
        out.append("dataset \(runId): \(q.movies.count) movies, \(frames) frames, \(q.kept) QA kept, \(q.rejected) rejected")
        if !q.rejectedByReason.isEmpty {
            out.append("rejected by reason: " + q.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        out.append("")
        out += rows([["target", "goal", "measured", "met"]]
            + q.checks.map { [$0.name, $0.target, SafeText.line($0.value, maxBytes: 200), $0.passed.map { $0 ? "yes" : "NO" } ?? "n/a"] })
        out.append("")
        out += rows([["QA type (kept)", "count", "share", "authors' movie"]]
            + q.typeMix.map { [$0.name, "\($0.count)", pct($0.percent), pct($0.paperPercent)] })
        out.append("")
        out += rows([["genre", "movies", "share", "paper"]]
            + q.genreMix.filter { $0.count > 0 || $0.paperPercent > 0 }
                .map { [SafeText.line($0.name, maxBytes: 60), "\($0.count)", pct($0.percent), pct($0.paperPercent)] })
        out.append("")
        let l = q.answerLengths
        out.append(String(format: "answer lengths (kept): %d answers, mean %.1f words, median %d, p90 %d, max %d; ",
                          l.answers, l.meanWords, l.medianWords, l.p90Words, l.maxWords)
                   + ["1-5", "6-10", "11-20", "21-30", "31+"].map { "\($0): \(l.byWords[$0] ?? 0)" }.joined(separator: " ")
                   + "; one sentence \(l.oneSentence), two \(l.twoSentences)")
        if let style = q.styleConsistency {
            out.append(String(format: "style consistency: within %.3f, across %.3f, ratio %.3f (%d movies, %d frames each)",
                              style.withinMovie, style.acrossMovies, style.ratio, style.movies, style.framesPerMovie))
        }
        out.append("")
        out += rows([["movie", "genre", "kept", "rejected", "by reason", "dup clusters", "dialogue", "frames", "type mix off"]]
            + q.movies.map { m in
                [m.videoId, SafeText.line(m.genre, maxBytes: 40), "\(m.kept)", "\(m.rejected)",
                 m.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
                 m.nearDuplicateClusters.map(String.init) ?? "-", m.distinctDialogue.map { pct($0 * 100) } ?? "-",
                 m.distinctFrames.map { pct($0 * 100) } ?? "-", String(format: "%.1f pt", m.typeMixDeviation)]
            })
        return out.joined(separator: "\n")
    }

    /// Rows with every column padded to its widest cell.
    static func rows(_ cells: [[String]]) -> [String] {
        let widths = (0..<(cells.map(\.count).max() ?? 0)).map { c in cells.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return cells.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }

    static func pct(_ percent: Double) -> String { String(format: "%.1f%%", percent) }
}
