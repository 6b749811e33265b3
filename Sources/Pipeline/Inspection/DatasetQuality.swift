import Models
import DreamFrameCore
import Foundation

/// The quality figures of a dataset, from its movies' records: QA kept and rejected per movie and by reason, the QA
/// type mix and the genre mix against the paper's, distinct dialogue and frame ratios, answer lengths, style
/// consistency when measured — and each target as a check (`dreamframe inspect dataset`, the dataset card).
public struct DatasetQuality: Codable, Sendable {
    /// One movie's figures.
    public struct Movie: Codable, Sendable {
        /// The movie's id in its run.
        public var videoId: String
        /// Its title.
        public var title: String
        /// Its genre.
        public var genre: String
        /// Its keyframes.
        public var frames: Int
        /// QA pairs kept and rejected.
        public var kept: Int
        public var rejected: Int
        /// Rejected pairs per reason (a pair may have several).
        /// Rejected pairs per reason over the dataset (a pair may have several).
        public var rejectedByReason: [String: Int]
        /// Kept pairs per type (the description included).
        public var keptByType: [String: Int]
        /// Kept pairs that had near-duplicates (nil when the record does not say).
        public var nearDuplicateClusters: Int?
        /// Distinct frame descriptions and dialogue lines over all of them (nil when the record does not say).
        public var distinctFrames: Double?
        public var distinctDialogue: Double?
        /// The largest distance, in points, of a kept QA type's share from the authors' movie's.
        public var typeMixDeviation: Double

        var rejectedShare: Double { kept + rejected == 0 ? 0 : Double(rejected) / Double(kept + rejected) }
    }

    /// A share of a mix beside the paper's.
    public struct Share: Codable, Sendable {
        /// The type or genre.
        public var name: String
        /// How many (kept QA, or movies).
        public var count: Int
        /// Their share of the dataset, in percent.
        public var percent: Double
        /// The share in the authors' movie or the paper's dataset, in percent.
        public var paperPercent: Double
    }

    /// Answer lengths of kept pairs (the whole-movie description aside): words and sentences.
    public struct AnswerLengths: Codable, Sendable {
        /// Answers measured.
        public var answers: Int
        /// Mean, median, 90th percentile and largest word count.
        public var meanWords: Double
        public var medianWords: Int
        public var p90Words: Int
        public var maxWords: Int
        /// Answers per word-count bucket ("1-5", "6-10", "11-20", "21-30", "31+").
        public var byWords: [String: Int]
        /// Answers of one and of two sentences.
        public var oneSentence: Int
        public var twoSentences: Int
    }

    /// Each movie's figures, in video-id order.
    public var movies: [Movie]
    /// QA pairs kept and rejected over the dataset.
    public var kept: Int
    public var rejected: Int
    public var rejectedByReason: [String: Int]
    /// Kept QA (the description aside) per type, beside the authors' movie.
    public var typeMix: [Share]
    /// Share of all generated answers (the description aside) the validator found supported by the movie's text.
    public var supportedAnswers: Double
    /// Answer lengths of the kept QA.
    public var answerLengths: AnswerLengths
    /// Movies per genre, beside the paper's dataset.
    public var genreMix: [Share]
    /// The style-consistency measurement, when made.
    public var styleConsistency: StyleConsistencyFigure?
    /// Every target, measured.
    public var checks: [QualityCheck]

    /// The figures of `records`; `styleConsistency` when measured.
    public init(records: [MovieRecord], styleConsistency: StyleConsistencyFigure?) {
        movies = records.map(Self.movie)
        kept = records.reduce(0) { $0 + $1.kept.count }
        rejected = records.reduce(0) { $0 + $1.rejected.count }
        rejectedByReason = Self.reasons(records.flatMap(\.rejected))
        let typed = records.flatMap(\.kept).compactMap(\.type).filter { $0 != .describe }
        typeMix = PaperFigures.sampleQATypeCounts.map { paper in
            let count = typed.filter { $0 == paper.type }.count
            return Share(name: paper.type.rawValue, count: count, percent: Self.percent(count, of: typed.count),
                         paperPercent: PaperFigures.qaTypePercent(paper.type))
        }
        let answered = records.flatMap { $0.kept + $0.rejected }.filter { $0.type != .describe && !$0.answer.isEmpty }
        supportedAnswers = answered.isEmpty ? 1 : Double(answered.filter { !$0.reasons.contains(.unsupported) }.count)
            / Double(answered.count)
        answerLengths = Self.lengths(records.flatMap(\.kept).filter { $0.type != .describe }.map(\.answer))
        var genres = PaperFigures.genreShares.map { ($0.genre, $0.percent) }
        for genre in Set(records.map(\.genre)) where !genres.contains(where: { $0.0 == genre }) { genres.append((genre, 0)) }
        genreMix = genres.map { genre, paper in
            let count = records.filter { $0.genre == genre }.count
            return Share(name: genre, count: count, percent: Self.percent(count, of: records.count), paperPercent: paper)
        }
        self.styleConsistency = styleConsistency
        checks = []
        checks = QualityCheck.checks(of: self)
    }

    static func movie(_ record: MovieRecord) -> Movie {
        var byType: [String: Int] = [:]
        record.kept.forEach { byType[$0.type?.rawValue ?? "none", default: 0] += 1 }
        let typed = record.kept.compactMap(\.type).filter { $0 != .describe }
        let deviation = PaperFigures.sampleQATypeCounts.map { paper in
            abs(percent(typed.filter { $0 == paper.type }.count, of: typed.count) - PaperFigures.qaTypePercent(paper.type))
        }.max() ?? 0
        return Movie(videoId: record.videoId, title: record.title, genre: record.genre, frames: record.frames,
                     kept: record.kept.count, rejected: record.rejected.count, rejectedByReason: reasons(record.rejected),
                     keptByType: byType, nearDuplicateClusters: record.nearDuplicateClusters?.count,
                     distinctFrames: record.distinctFrames.map { ratio($0, of: record.frames) },
                     distinctDialogue: record.distinctDialogues.map { ratio($0, of: record.dialogues) },
                     typeMixDeviation: deviation)
    }

    static func reasons(_ verdicts: [QAVerdict]) -> [String: Int] {
        var counts: [String: Int] = [:]
        verdicts.forEach { $0.reasons.forEach { counts[$0.rawValue, default: 0] += 1 } }
        return counts
    }

    static func lengths(_ answers: [String]) -> AnswerLengths {
        let words = answers.map { TextTokens.words($0).count }.sorted()
        var buckets: [String: Int] = [:]
        for count in words {
            let bucket = count <= 5 ? "1-5" : count <= 10 ? "6-10" : count <= 20 ? "11-20" : count <= 30 ? "21-30" : "31+"
            buckets[bucket, default: 0] += 1
        }
        let sentences = answers.map { TextTokens.sentences($0).count }
        return AnswerLengths(answers: answers.count,
                             meanWords: words.isEmpty ? 0 : Double(words.reduce(0, +)) / Double(words.count),
                             medianWords: words.isEmpty ? 0 : words[words.count / 2],
                             p90Words: words.isEmpty ? 0 : words[min(words.count - 1, words.count * 9 / 10)],
                             maxWords: words.last ?? 0, byWords: buckets,
                             oneSentence: sentences.filter { $0 == 1 }.count, twoSentences: sentences.filter { $0 == 2 }.count)
    }

    static func percent(_ count: Int, of total: Int) -> Double {
        total == 0 ? 0 : Double(count) * 100 / Double(total)
    }

    static func ratio(_ count: Int, of total: Int) -> Double {
        total == 0 ? 1 : Double(count) / Double(total)
    }
}
