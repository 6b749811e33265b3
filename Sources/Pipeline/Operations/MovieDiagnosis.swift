import Foundation
import Models

/// One thing wrong with a movie that stopped making progress, as found from what is durable (files on disk, the
/// committed results, the style cache, the run record).
public enum MovieProblem: Sendable, Hashable, CustomStringConvertible {
    /// The run record is gone from Redis: no message can be rebuilt.
    case runUnknown
    /// The plot result is missing: the plot is written again.
    case plotMissing
    /// The plot does not fit the run's branching (dead-lettered as permanent): it needs a person.
    case plotInvalid
    /// These substories (0-based) have no result.
    case substoriesMissing([Int])
    /// These tinystories (`s/t`) have no result or no progress mark.
    case tinystoriesMissing([String])
    /// Every expansion unit is marked but `story.json` was never written; `claimant` owns the fan-in (nil: nobody).
    case storyNotAssembled(claimant: String?)
    /// `story.json` exists but cannot be read.
    case storyUnreadable(String)
    /// The movie's style is not ready for it (`styleId` nil: not known yet).
    case styleNotReady(styleId: String?)
    /// The style is being learned right now (its lease is held by `owner`): nothing to do but wait.
    case styleBeingLearned(styleId: String, owner: String)
    /// Neither `story.json` nor the plot names the movie's style.
    case styleUnknown
    /// These frames (1-based) are not on disk.
    case framesMissing([Int])
    /// These frames (1-based) are on disk but their progress mark was lost.
    case framesUnmarked([Int])
    /// Every frame is on disk and the movie was never validated.
    case notValidated
    /// `record.json` is written but the movie is not marked done.
    case recordWithoutDone

    public var description: String {
        switch self {
        case .runUnknown: return "the run record is missing"
        case .plotMissing: return "no plot result"
        case .plotInvalid: return "the plot does not fit the run's branching"
        case .substoriesMissing(let s): return "substory results missing: \(Self.list(s.map(String.init)))"
        case .tinystoriesMissing(let t): return "tinystories not expanded or not marked: \(Self.list(t))"
        case .storyNotAssembled(let claimant):
            return "story.json not written" + (claimant.map { " (fan-in claimed by \($0))" } ?? " (fan-in unclaimed)")
        case .storyUnreadable(let why): return "story.json cannot be read: \(why)"
        case .styleNotReady(let id): return "style \(id ?? "(not known yet)") not ready for the movie"
        case .styleBeingLearned(let id, let owner): return "style \(id) is being learned by \(owner)"
        case .styleUnknown: return "no style named in story.json or the plot"
        case .framesMissing(let f): return "\(f.count) frame(s) not on disk: \(Self.list(f.map(String.init)))"
        case .framesUnmarked(let f): return "\(f.count) frame mark(s) lost: \(Self.list(f.map(String.init)))"
        case .notValidated: return "every frame on disk, not validated"
        case .recordWithoutDone: return "record.json written, movie not marked done"
        }
    }

    static func list(_ items: [String], limit: Int = 6) -> String {
        items.prefix(limit).joined(separator: ", ") + (items.count > limit ? ", … (\(items.count))" : "")
    }
}

/// A movie looked at by ``MovieRepair``: whether it is done, still moving, or stuck — and, when stuck, what is
/// missing and exactly the messages that get it going again.
public struct MovieDiagnosis: Sendable {
    /// Where the movie stands.
    public enum Status: String, Sendable, Codable {
        /// Validated and in the dataset.
        case done
        /// Made progress (or was repaired) within the staleness limit.
        case active
        /// No progress for longer than the limit.
        case stuck
        /// No progress for longer than the limit, but a stage it waits on still has messages in line: it waits its
        /// turn (looked at again once that queue has drained), so it was not diagnosed.
        case inLine = "in-line"
    }

    public var movie: MovieRef
    /// The recorded state (nil when the record lost it).
    public var state: MovieState?
    public var status: Status
    /// Seconds since the movie's last progress, or its last repair when that is later.
    public var idleSeconds: Double
    /// Repairs made since the movie last made progress.
    public var repairsWithoutProgress: Int
    /// What is wrong (empty unless stuck).
    public var problems: [MovieProblem]
    /// The messages to republish, built as their stages build them (same bodies, same ids).
    public var messages: [Envelope]
    /// Frame units (0-based) whose files are on disk but whose marks were lost, to mark again before republishing.
    public var unmarkedFrames: [Int]

    public init(movie: MovieRef, state: MovieState?, status: Status, idleSeconds: Double, repairsWithoutProgress: Int,
                problems: [MovieProblem] = [], messages: [Envelope] = [], unmarkedFrames: [Int] = []) {
        self.movie = movie
        self.state = state
        self.status = status
        self.idleSeconds = idleSeconds
        self.repairsWithoutProgress = repairsWithoutProgress
        self.problems = problems
        self.messages = messages
        self.unmarkedFrames = unmarkedFrames
    }

    /// The problems in one line.
    public var summary: String { problems.isEmpty ? "nothing missing" : problems.map(\.description).joined(separator: "; ") }
}
