import Models
import DreamFrameCore
import Foundation

/// The quality figures of a dataset, from its movies' records: QA kept and rejected per movie and by reason, the QA
/// type mix and the genre mix against the paper's, distinct dialogue and frame ratios, answer lengths, style
/// consistency when measured — and each target as a check (`dreamframe inspect dataset`, the dataset card).
public struct DatasetQuality: Codable, Sendable {
    /// One movie's figures.
    public struct Movie: Codable, Sendable, Equatable {
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
        self.init(tally: DatasetTally(records: records), styleConsistency: styleConsistency)
    }

    /// The figures of the records counted in `tally`; `styleConsistency` when measured.
    init(tally: DatasetTally, styleConsistency: StyleConsistencyFigure?) {
        movies = tally.movies
        kept = tally.kept
        rejected = tally.rejected
        rejectedByReason = tally.rejectedByReason
        typeMix = PaperFigures.sampleQATypeCounts.map { paper in
            let count = tally.typedCounts[paper.type] ?? 0
            return Share(name: paper.type.rawValue, count: count, percent: Self.percent(count, of: tally.typed),
                         paperPercent: PaperFigures.qaTypePercent(paper.type))
        }
        supportedAnswers = tally.answered == 0 ? 1 : Double(tally.supported) / Double(tally.answered)
        answerLengths = Self.lengths(words: tally.answerWords, oneSentence: tally.oneSentence,
                                     twoSentences: tally.twoSentences)
        var genres = PaperFigures.genreShares.map { ($0.genre, $0.percent) }
        for genre in tally.genres.keys.sorted() where !genres.contains(where: { $0.0 == genre }) { genres.append((genre, 0)) }
        genreMix = genres.map { genre, paper in
            let count = tally.genres[genre] ?? 0
            return Share(name: genre, count: count, percent: Self.percent(count, of: tally.movies.count), paperPercent: paper)
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

    /// Answer lengths from a histogram of word counts (answers per word count) and the sentence counts.
    static func lengths(words histogram: [Int: Int], oneSentence: Int, twoSentences: Int) -> AnswerLengths {
        let counts = histogram.sorted { $0.key < $1.key }
        let answers = counts.reduce(0) { $0 + $1.value }
        /// The word count at `index` of the answers sorted by word count.
        func wordCount(at index: Int) -> Int {
            var seen = 0
            for (words, number) in counts {
                seen += number
                if index < seen { return words }
            }
            return counts.last?.key ?? 0
        }
        var buckets: [String: Int] = [:]
        for (count, number) in counts {
            let bucket = count <= 5 ? "1-5" : count <= 10 ? "6-10" : count <= 20 ? "11-20" : count <= 30 ? "21-30" : "31+"
            buckets[bucket, default: 0] += number
        }
        return AnswerLengths(answers: answers,
                             meanWords: answers == 0 ? 0 : Double(counts.reduce(0) { $0 + $1.key * $1.value }) / Double(answers),
                             medianWords: answers == 0 ? 0 : wordCount(at: answers / 2),
                             p90Words: answers == 0 ? 0 : wordCount(at: min(answers - 1, answers * 9 / 10)),
                             maxWords: counts.last?.key ?? 0, byWords: buckets,
                             oneSentence: oneSentence, twoSentences: twoSentences)
    }

    static func percent(_ count: Int, of total: Int) -> Double {
        total == 0 ? 0 : Double(count) * 100 / Double(total)
    }

    static func ratio(_ count: Int, of total: Int) -> Double {
        total == 0 ? 1 : Double(count) / Double(total)
    }
}
