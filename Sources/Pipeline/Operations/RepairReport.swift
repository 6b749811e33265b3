import Foundation
import Models

/// What one pass of the ``Reconciler`` found and did, for `dreamframe repair`, `status` and logs.
public struct RepairReport: Sendable, Codable {
    /// What was done about a stuck movie.
    public enum Action: String, Sendable, Codable {
        /// Its missing messages were republished.
        case republished
        /// A dry run: they would have been.
        case wouldRepublish = "would-republish"
        /// Nothing to send: it waits on live work (a style being learned) or needs a person (see its problems).
        case nothingToSend = "nothing-to-send"
        /// Repaired too often without progress since: left alone (see `dreamframe replay list` for dead letters).
        case gaveUp = "gave-up"
        /// Its messages' stage still has messages in line (ready, or waiting to retry): they may be among them, so
        /// nothing was sent; a later pass looks again once that queue has drained.
        case queued
    }

    /// A stuck movie.
    public struct StuckMovie: Sendable, Codable {
        public var runId: String
        public var movieId: String
        /// The recorded state (nil when it was lost).
        public var state: String?
        public var idleSeconds: Double
        public var repairsWithoutProgress: Int
        public var problems: [String]
        /// Ids of the messages republished (or, in a dry run, that would be).
        public var messages: [String]
        /// Frames (1-based) marked again because their files are on disk.
        public var restoredFrameMarks: [Int]
        public var action: Action

        init(_ diagnosis: MovieDiagnosis, action: Action) {
            runId = diagnosis.movie.runId
            movieId = diagnosis.movie.movieId
            state = diagnosis.state?.rawValue
            idleSeconds = (diagnosis.idleSeconds * 10).rounded() / 10
            repairsWithoutProgress = diagnosis.repairsWithoutProgress
            problems = diagnosis.problems.map(\.description)
            messages = diagnosis.messages.map(\.id)
            restoredFrameMarks = action == .republished ? diagnosis.unmarkedFrames.map { $0 + 1 } : []
            self.action = action
        }
    }

    /// Runs looked at.
    public var runs = 0
    public var moviesDone = 0
    /// Movies that made progress within the staleness limit.
    public var moviesActive = 0
    /// Movies idle while a stage they wait on still has messages in line: waiting their turn, not diagnosed.
    public var moviesInLine = 0
    public var stuck: [StuckMovie] = []
    /// Messages republished.
    public var published = 0

    public init() {}

    /// A few lines for people: a summary, then per stuck movie what was found and what was done.
    public var text: String {
        var lines = ["\(runs) run(s): \(moviesDone) movie(s) done, \(moviesActive) active, "
                     + "\(moviesInLine) in line, \(stuck.count) stuck; "
                     + "\(published) message(s) republished"]
        for movie in stuck {
            lines.append("- \(movie.runId)/\(movie.movieId) [\(movie.state ?? "no state")] idle \(Int(movie.idleSeconds)) s: "
                         + movie.problems.joined(separator: "; "))
            let ids = MovieProblem.list(movie.messages, limit: 4)
            switch movie.action {
            case .republished: lines.append("    republished \(movie.messages.count): \(ids)")
            case .wouldRepublish: lines.append("    would republish \(movie.messages.count): \(ids)")
            case .nothingToSend: lines.append("    nothing to republish")
            case .gaveUp: lines.append("    gave up after \(movie.repairsWithoutProgress) repairs without progress")
            case .queued: lines.append("    not republished: its stage's queue still holds messages (looked at again once it drains)")
            }
            if !movie.restoredFrameMarks.isEmpty {
                lines.append("    frame marks restored: \(MovieProblem.list(movie.restoredFrameMarks.map(String.init)))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
