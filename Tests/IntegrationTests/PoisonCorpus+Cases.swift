import Clients
import DreamFrameCore
import Foundation
import Models
import Pipeline
import TestSupport

extension PoisonCorpus {
    /// On every stage: 10 kB ids (the regression: they wedged every stage), a run nobody submitted, a movie not in
    /// the run, path tricks in the movie id, garbage that is not JSON.
    mutating func addEveryStage() throws {
        let huge = String(repeating: "x", count: 10_240)
        for envelope in everyKind {
            let kind = envelope.kind.rawValue
            try add("\(kind): 10 kB ids", moved(envelope, to: MovieRef(runId: huge, movieId: huge)),
                    "movie.runId = 'xxxx")
            try add("\(kind): a run nobody submitted", moved(envelope, to: MovieRef(runId: "run-phantom", movieId: movie.movieId)),
                    "no such run")
        }
        let traversal = ["../../../../etc/escape", "/etc/passwd", "movie\u{0}0002", "..", "mövie"]
        for (envelope, movieId) in zip([writePlot(), expandSubstory(), learnStyle(), renderFrame(), validateMovie()], traversal) {
            let kind = envelope.kind.rawValue
            try add("\(kind): a movie that is not in the run", moved(envelope, to: MovieRef(runId: run.runId, movieId: "movie-0003")),
                    "not one of the 2 movies")
            try add("\(kind): movie id \(movieId.debugDescription)", moved(envelope, to: MovieRef(runId: run.runId, movieId: movieId)),
                    "movie.movieId")
            raw("\(kind): not JSON", envelope.kind.stage, Data("\(kind) is not json {".utf8), "not a JSON envelope")
        }
    }

    mutating func addPlotWriter() throws {
        try add("write-plot: branching 64,64,64 against the run's", writePlot { $0.branching = Branching(substories: 64, tinystories: 64, keyframes: 64) },
                "must be the run's branching '2,2,3'")
        try add("write-plot: a seed the run never derived", writePlot { $0.seed = 42 }, "body.seed = 42")
        cases.append(PoisonCase(name: "write-plot: a negative seed", stage: .plotWriter,
                                body: try patched(writePlot { $0.seed = 777_777_777 }, "777777777", "-1"),
                                reason: "bad field 'body.seed'"))
        cases.append(PoisonCase(name: "write-plot: a seed of 1e400", stage: .plotWriter,
                                body: try patched(writePlot { $0.seed = 777_777_777 }, "777777777", "1e400"),
                                reason: "bad field 'body.seed'"))
        try add("write-plot: a theme with a NUL", writePlot { $0.theme = "a city\u{0}" }, "no control characters (found U+0000)")
        raw("write-plot: an empty body", .plotWriter, Data(), "not a JSON envelope")
        raw("write-plot: 2 MB", .plotWriter, Data(repeating: UInt8(ascii: "{"), count: 2_000_000), "messages are at most 1000000")
        try add("write-plot: a render-frame on the plot writer's queue", renderFrame(), "belongs to stage 'frame-renderer'", to: .plotWriter)
        var wrongId = writePlot()
        wrongId.id = "\(movie)/s0"
        try add("write-plot: an id it does not derive", wrongId, "must be the id its content derives")
        var otherMovie = writePlot()
        otherMovie.movie = MovieRef(runId: run.runId, movieId: RunSubmitter.movieId(0))
        try add("write-plot: the body's movie is not the envelope's", otherMovie, "body.movie")
        var junk: [String: AMQPFieldValue] = [:]
        for i in 0..<40 { junk[String(format: "a%02d", i)] = .string("junk") }
        try add("write-plot: 40 foreign headers crowding the reason out", writePlot { $0.branching = Branching(substories: 1, tinystories: 1, keyframes: 1) },
                "must be the run's branching", headers: junk)
        try add("write-plot: attempt header -2^63", writePlot { $0.branching = Branching(substories: 9, tinystories: 1, keyframes: 1) },
                "must be the run's branching", headers: [MessageHeaders.attempt: .int(Int64.min)])
    }

    mutating func addStoryExpander() throws {
        try add("expand-substory: substory index -1", expandSubstory { $0.request.substory.index = -1 }, "body.request.substory.index = -1")
        try add("expand-substory: substory index 1,000,000", expandSubstory { $0.request.substory.index = 1_000_000 },
                "body.request.substory.index = 1000000: must be within 0…1")
        try add("expand-substory: 1,000,000 tinystories asked", expandSubstory { $0.request.tinystoryCount = 1_000_000 },
                "body.request.tinystoryCount")
        try add("expand-substory: 200 kB of content", expandSubstory { $0.request.substory.content = String(repeating: "w", count: 200_000) },
                "at most 16384 bytes")
        try add("expand-substory: 10,000 locations", expandSubstory { $0.request.movie.locations = Array(repeating: "a dock", count: 10_000) },
                "at most 64 entries")
        try add("expand-substory: a movie seed the run never derived", expandSubstory { $0.movieSeed = 1 }, "body.movieSeed")
        try add("expand-tinystory: tinystory index 2^40", expandTinystory { $0.request.tinystory.index = 1 << 40 },
                "body.request.tinystory.index = 1099511627776")
        try add("expand-tinystory: substory index -1", expandTinystory { $0.substoryIndex = -1 }, "body.substoryIndex = -1")
        try add("expand-tinystory: branching that disagrees with the run",
                expandTinystory { $0.branching = Branching(substories: 1, tinystories: 1, keyframes: 1) }, "must be the run's branching")
        try add("expand-tinystory: story text with NUL bytes", expandTinystory { $0.request.tinystory.content = "she\u{0}runs" },
                "found U+0000")
        try add("expand-tinystory: 1000 keyframes asked", expandTinystory { $0.request.keyframeCount = 1000 }, "body.request.keyframeCount")
        raw("expand-substory: nested 100,000 deep", .storyExpander,
            Data((#"{"schema":1,"kind":"expand-substory","id":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}").utf8),
            "not a JSON envelope")
        raw("expand-substory: no request", .storyExpander,
            Data(#"{"schema":1,"kind":"expand-substory","id":"a","movie":{"runId":"r","movieId":"m"},"body":{"movie":{"runId":"r","movieId":"m"},"movieSeed":1,"branching":{"substories":1,"tinystories":1,"keyframes":1}}}"#.utf8),
            "missing field 'body.request'")
        raw("expand-substory: a schema from the future", .storyExpander,
            Data(#"{"schema":99,"kind":"expand-substory","id":"a","movie":{"runId":"r","movieId":"m"},"body":{}}"#.utf8),
            "unsupported schema version 99")
        raw("expand-tinystory: a kind nobody knows", .storyExpander,
            Data(#"{"schema":1,"kind":"expand-everything","id":"a","movie":{"runId":"r","movieId":"m"},"body":{}}"#.utf8),
            "unknown message kind 'expand-everything'")
        let substory = String(decoding: try expandSubstory().encoded(), as: UTF8.self)
            .replacingOccurrences(of: #""index":1,"#, with: #""index":"one","#)
        raw("expand-substory: an index that is a string", .storyExpander, Data(substory.utf8), "bad field 'body.request.substory.index'")
        try addPlotNeverWritten()
    }

    /// A well-formed tinystory of a live movie whose plot was never written: it passes the door, and the expander
    /// dead-letters it at once ("plot not in Redis" while the message cannot be valid).
    private mutating func addPlotNeverWritten() throws {
        try add("expand-tinystory: a movie whose plot was never written",
                try SampleMovie(run: tiny, movieIndex: 0).expandTinystory(), "was never written")
    }

    mutating func addStyleTrainer() throws {
        try add("learn-style: reference images from /etc", learnStyle { $0.referenceImages = "/etc" }, "must be the run's reference images")
        try add("learn-style: an escape sequence in the keyword", learnStyle { $0.style.keyword = "Noir\u{1b}[2J" }, "found U+001B")
        try add("learn-style: a 100 kB description", learnStyle { $0.style.description = String(repeating: "d", count: 100_000) },
                "at most 16384 bytes")
        try add("learn-style: look-again count -5", learnStyle { $0.recheck = -5 }, "body.recheck = -5")
        var wrongId = learnStyle { $0.recheck = 7 }
        wrongId.id = MessageId.learnStyle(movie)
        try add("learn-style: a look-again under the first look's id", wrongId, "must be the id its content derives")
        try add("style-ready: a style that does not exist", styleReady { $0.styleId = "noir-ffffffffffffffff" }, "no such style in the cache")
        try add("style-ready: a style id with a path", styleReady { $0.styleId = "../../styles/noir" }, "body.styleId")
        try add("style-ready: a movie not in the run", moved(styleReady(), to: MovieRef(runId: run.runId, movieId: "movie-0009")),
                "not one of the 2 movies")
        try add("learn-style: a validate-movie on the style queue", validateMovie(), "belongs to stage 'qa-validator'", to: .styleTrainer)
    }

    mutating func addFrameRenderer() throws {
        try add("render-frame: index = count = 4,000,000,000 (the Redis bitmap bomb)",
                renderFrame { $0.index = 4_000_000_000; $0.count = 4_000_000_000 }, "body.count = 4000000000")
        try add("render-frame: index 2^62", renderFrame { $0.index = 1 << 62 }, "body.index = 4611686018427387904")
        try add("render-frame: index 0", renderFrame { $0.index = 0 }, "body.index = 0: must be within 1…12")
        try add("render-frame: index -1", renderFrame { $0.index = -1 }, "body.index = -1")
        try add("render-frame: index past the count", renderFrame { $0.index = 13 }, "body.index = 13")
        try add("render-frame: a count that is not the run's", renderFrame { $0.count = 11 }, "body.count = 11")
        try add("render-frame: width 100,000", renderFrame { $0.width = 100_000 }, "body.width = 100000: must be within 16…4096")
        try add("render-frame: height 1", renderFrame { $0.height = 1 }, "body.height = 1")
        try add("render-frame: 4096x4096 when the run renders 32x18", renderFrame { $0.width = 4096; $0.height = 4096 },
                "must be 32, the run's frame width")
        try add("render-frame: a style that does not exist", renderFrame(), "no such style in the cache")
        try add("render-frame: a 100 kB prompt", renderFrame { $0.prompt = String(repeating: "p", count: 100_000) }, "at most 8192 bytes")
        try add("render-frame: a prompt with NUL bytes", renderFrame { $0.prompt = "a harbor\u{0}\u{0}" }, "found U+0000")
        try add("render-frame: 10,000 characters in frame",
                renderFrame { $0.hints?.characters = Array(repeating: plot.characters[0], count: 10_000) }, "at most 64 entries")
        cases.append(PoisonCase(name: "render-frame: a negative seed", stage: .frameRenderer,
                                body: try patched(renderFrame { $0.seed = 777_777_777 }, "777777777", "-5"), reason: "bad field 'body.seed'"))
        cases.append(PoisonCase(name: "render-frame: a seed of 2^64", stage: .frameRenderer,
                                body: try patched(renderFrame { $0.seed = 777_777_777 }, "777777777", "18446744073709551616"),
                                reason: "bad field 'body.seed'"))
        cases.append(PoisonCase(name: "render-frame: index 1.5", stage: .frameRenderer,
                                body: try patched(renderFrame { $0.index = 777_777_777 }, "777777777", "1.5"), reason: "bad field 'body.index'"))
        try add("render-frame: run id '..'", moved(renderFrame(), to: MovieRef(runId: "..", movieId: movie.movieId)), "movie.runId = '..'")
        raw("render-frame: 2 MB of garbage", .frameRenderer, Data(repeating: 0xA5, count: 2_000_000), "messages are at most 1000000")
        raw("render-frame: bytes that are not UTF-8", .frameRenderer, Data([0x7B, 0xFF, 0xFE, 0x22, 0xC0, 0x7D]), "not a JSON envelope")
    }

    mutating func addQAValidator() throws {
        try add("validate-movie: movie id '.'", validateMovie(MovieRef(runId: run.runId, movieId: ".")), "starts with")
        var wrongId = validateMovie()
        wrongId.id = MessageId.writePlot(movie)
        try add("validate-movie: the id of another message (its done-mark)", wrongId, "must be the id its content derives")
        try add("validate-movie: a run id with a space", validateMovie(MovieRef(runId: "run 1", movieId: movie.movieId)), "movie.runId")
        try add("validate-movie: a run id of 201 bytes", validateMovie(MovieRef(runId: String(repeating: "r", count: 201), movieId: "m")),
                "ids are at most 200 bytes (this one is 201)")
        try add("validate-movie: <run>/<movie> of 171 bytes", validateMovie(MovieRef(runId: String(repeating: "r", count: 100),
                                                                                   movieId: String(repeating: "m", count: 70))),
                "is at most 160 bytes")
        try add("validate-movie: an expand-tinystory on the validator's queue", expandTinystory(), "belongs to stage 'story-expander'",
                to: .qaValidator)
    }

    /// The movie's state as the store holds it: a movie whose state expired while its run lived on (``expiredMovie``),
    /// on every stage; a style that is neither cached nor the movie's own, for a movie that named one of its own
    /// (``tinyOwnStyle``) — the reason says which style the movie has.
    mutating func addMovieState() throws {
        let expired = try SampleMovie(run: run, movieIndex: 0)
        for envelope in [expired.writePlot(), expired.expandTinystory(), expired.learnStyle(), expired.renderFrame(),
                         expired.validateMovie()] {
            try add("\(envelope.kind.rawValue): a movie whose state expired", envelope,
                    "movie.movieId = 'movie-0001': the movie's state is gone")
        }
        let styled = try SampleMovie(run: tiny, movieIndex: 0, styleId: "noir-bbbbbbbbbbbbbbbb")
        let foreign = "body.styleId = 'noir-bbbbbbbbbbbbbbbb': no such style in the cache, and not the style of movie 'movie-0001' ('\(Self.tinyOwnStyle)')"
        try add("style-ready: a style neither cached nor the movie's own", styled.styleReady(), foreign)
        try add("render-frame: a style neither cached nor the movie's own", styled.renderFrame { $0.index = 1 }, foreign)
    }
}
