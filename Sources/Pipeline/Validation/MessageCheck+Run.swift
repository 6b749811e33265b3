import DreamFrameCore
import Foundation
import Models

extension MessageCheck {
    /// Holds the message to its run's own bounds, derived from the run record (never from the message): the
    /// branching and the indexes and counts within it, the seeds the run derives for movie `position`, the frame
    /// size, the reference images.
    func checkAgainstRun(_ envelope: Envelope, run: RunRecord, position: Int) throws {
        let b = run.branching
        let movieSeed = StableHash.subSeed(run.seed, "movie", position)
        switch envelope.body {
        case .writePlot(let m):
            try same(envelope, "body.branching", m.branching, run)
            try equal(envelope, "body.seed", m.seed, movieSeed, "the seed run \(MessageViolation.quote(run.runId)) derives for this movie")
            let mix = WritePlot.mixPosition(runSeed: run.seed, index: position)
            if let given = m.mixPosition, given != mix {
                throw violation(envelope, "body.mixPosition", String(given), "must be \(mix), the place run \(MessageViolation.quote(run.runId)) derives for this movie")
            }
            let theme = run.themes.isEmpty ? nil : run.themes[position % run.themes.count]
            guard m.theme == theme else {
                throw violation(envelope, "body.theme", m.theme ?? "(none)", "must be the run's theme for this movie, "
                                + (theme.map { MessageViolation.quote($0) } ?? "none"))
            }
        case .expandSubstory(let m):
            let s = m.request.substory.index
            try same(envelope, "body.branching", m.branching, run)
            try equal(envelope, "body.movieSeed", m.movieSeed, movieSeed, "the seed the run derives for this movie")
            try within(envelope, "body.request.substory.index", s, 0..<b.substories, "the run's \(b.substories) substories")
            try equal(envelope, "body.request.tinystoryCount", m.request.tinystoryCount, b.tinystories, "the run's tinystories per substory")
            try equal(envelope, "body.request.seed", m.request.seed, StableHash.subSeed(movieSeed, "substory", s),
                      "the seed the run derives for substory \(s)")
        case .expandTinystory(let m):
            let s = m.substoryIndex, t = m.request.tinystory.index
            try same(envelope, "body.branching", m.branching, run)
            try equal(envelope, "body.movieSeed", m.movieSeed, movieSeed, "the seed the run derives for this movie")
            try within(envelope, "body.substoryIndex", s, 0..<b.substories, "the run's \(b.substories) substories")
            try within(envelope, "body.request.tinystory.index", t, 0..<b.tinystories, "the run's \(b.tinystories) tinystories per substory")
            try equal(envelope, "body.request.keyframeCount", m.request.keyframeCount, b.keyframes, "the run's keyframes per tinystory")
            let seed = StableHash.subSeed(StableHash.subSeed(movieSeed, "substory", s), "tinystory", t)
            try equal(envelope, "body.request.seed", m.request.seed, seed, "the seed the run derives for tinystory \(s)/\(t)")
        case .learnStyle(let m):
            guard m.referenceImages == run.styleImages else {
                throw violation(envelope, "body.referenceImages", m.referenceImages ?? "(none)",
                                "must be the run's reference images, " + (run.styleImages.map { MessageViolation.quote($0) } ?? "none"))
            }
            if let recheck = m.recheck {
                try within(envelope, "body.recheck", recheck, 1..<(limits.maxRechecks + 1), "the looks a parked movie takes")
            }
        case .renderFrame(let m):
            let frames = b.framesPerMovie
            try equal(envelope, "body.count", m.count, frames, "the run's frames per movie (branching \(b))")
            try within(envelope, "body.index", m.index, 1..<(frames + 1), "the run's \(frames) frames per movie")
            try within(envelope, "body.width", m.width, limits.frameSizes.lowerBound..<(limits.frameSizes.upperBound + 1), "frame sizes")
            try within(envelope, "body.height", m.height, limits.frameSizes.lowerBound..<(limits.frameSizes.upperBound + 1), "frame sizes")
            try equal(envelope, "body.width", m.width, run.width, "the run's frame width")
            try equal(envelope, "body.height", m.height, run.height, "the run's frame height")
        case .styleReady, .validateMovie:
            break
        }
    }

    private func same(_ envelope: Envelope, _ field: String, _ branching: Branching, _ run: RunRecord) throws {
        guard branching == run.branching else {
            throw MessageViolation(envelope.kind, field: field, value: MessageViolation.quote(branching.description),
                                   rule: "must be the run's branching '\(run.branching)'")
        }
    }

    private func equal<N: BinaryInteger>(_ envelope: Envelope, _ field: String, _ value: N, _ expected: N, _ what: String) throws {
        guard value == expected else { throw violation(envelope, field, value, "must be \(expected), \(what)") }
    }

    private func within(_ envelope: Envelope, _ field: String, _ value: Int, _ range: Range<Int>, _ what: String) throws {
        guard range.contains(value) else {
            throw violation(envelope, field, value, "must be within \(range.lowerBound)…\(range.upperBound - 1), \(what)")
        }
    }
}
