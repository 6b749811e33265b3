import Models
import DreamFrameCore
import Foundation

/// What the dataset card and the quality figures need from a dataset's movies, counted one record at a time: an
/// export keeps this and one movie's record in memory, never every record of the run. A movie's own tally is kept
/// with its encoded dataset entries (``DatasetPiece``) and merged into the run's (``merge(_:)``).
struct DatasetTally: Codable, Equatable {
    /// Each movie's quality figures, in the order added.
    var movies: [DatasetQuality.Movie] = []
    var frames = 0
    var dialogues = 0
    var kept = 0
    var rejected = 0
    /// Kept pairs per type name (`none` when untyped), the description included.
    var keptByType: [String: Int] = [:]
    /// Kept pairs per QA type, the description aside (the type mix).
    var typedCounts: [QAType: Int] = [:]
    var typed = 0
    /// Generated answers (kept or rejected, the description aside, non-empty) and those the validator found supported.
    var answered = 0
    var supported = 0
    /// Kept answers (the description aside) per word count, and their sentence counts.
    var answerWords: [Int: Int] = [:]
    var oneSentence = 0
    var twoSentences = 0
    /// Rejected pairs per reason (a pair may have several).
    var rejectedByReason: [String: Int] = [:]
    /// Movies per genre and per style keyword, as the record says them.
    var genres: [String: Int] = [:]
    var styles: [String: Int] = [:]
    /// Each movie's seed, as `<movie>=<seed>`, when its record has one.
    var seeds: [String] = []

    init() {}

    /// The tally of `records`.
    init<Records: Sequence>(records: Records) where Records.Element == MovieRecord {
        records.forEach { add($0) }
    }

    /// Counts one movie's record.
    mutating func add(_ record: MovieRecord) {
        movies.append(DatasetQuality.movie(record))
        frames += record.frames
        dialogues += record.dialogues
        kept += record.kept.count
        rejected += record.rejected.count
        for qa in record.kept {
            keptByType[qa.type?.rawValue ?? "none", default: 0] += 1
            if let type = qa.type, type != .describe {
                typedCounts[type, default: 0] += 1
                typed += 1
            }
            if qa.type != .describe {
                answerWords[TextTokens.words(qa.answer).count, default: 0] += 1
                switch TextTokens.sentences(qa.answer).count {
                case 1: oneSentence += 1
                case 2: twoSentences += 1
                default: break
                }
            }
        }
        for qa in record.kept + record.rejected where qa.type != .describe && !qa.answer.isEmpty {
            answered += 1
            if !qa.reasons.contains(.unsupported) { supported += 1 }
        }
        record.rejected.forEach { $0.reasons.forEach { rejectedByReason[$0.rawValue, default: 0] += 1 } }
        genres[record.genre, default: 0] += 1
        styles[record.style, default: 0] += 1
        if let seed = record.seed { seeds.append("\(record.videoId)=\(seed)") }
    }

    /// Adds the counts of `other` (movies tallied apart), as if its records had been added here after these.
    mutating func merge(_ other: DatasetTally) {
        movies += other.movies
        frames += other.frames
        dialogues += other.dialogues
        kept += other.kept
        rejected += other.rejected
        keptByType.merge(other.keptByType, uniquingKeysWith: +)
        typedCounts.merge(other.typedCounts, uniquingKeysWith: +)
        typed += other.typed
        answered += other.answered
        supported += other.supported
        answerWords.merge(other.answerWords, uniquingKeysWith: +)
        oneSentence += other.oneSentence
        twoSentences += other.twoSentences
        rejectedByReason.merge(other.rejectedByReason, uniquingKeysWith: +)
        genres.merge(other.genres, uniquingKeysWith: +)
        styles.merge(other.styles, uniquingKeysWith: +)
        seeds += other.seeds
    }
}
