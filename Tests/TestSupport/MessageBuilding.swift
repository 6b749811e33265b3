import Foundation
import Models
import Pipeline

/// Builds one valid message of every kind for a ``SampleMovie``, with editors that change one field and derive the
/// id again — what the door's unit tests (`DoorFixture`) and the poison corpus (`PoisonCorpus`) start from, so each
/// bad message differs from a good one in exactly the thing its test names.
public protocol MessageBuilding {
    /// The movie the messages are for.
    var sample: SampleMovie { get }
}

extension SampleMovie: MessageBuilding {
    public var sample: SampleMovie { self }
}

extension MessageBuilding {
    public var run: RunRecord { sample.run }
    public var movie: MovieRef { sample.movie }
    public var plot: MoviePlot { sample.plot }

    /// `body` in an envelope of `movie` (the sample's by default; the body moved to it) with the id its content
    /// derives.
    public func envelope(_ body: Envelope.Body, movie: MovieRef? = nil) -> Envelope {
        SampleMovie.rederived(Envelope(id: "", movie: movie ?? self.movie, body: body))
    }

    /// `envelope` moved to `movie`, its id derived again.
    public func moved(_ envelope: Envelope, to movie: MovieRef) -> Envelope {
        self.envelope(envelope.body, movie: movie)
    }

    public func writePlot(_ edit: (inout WritePlot) -> Void = { _ in }) -> Envelope {
        var body = sample.writePlotBody
        edit(&body)
        return envelope(.writePlot(body))
    }

    public func expandSubstory(_ edit: (inout ExpandSubstory) -> Void = { _ in }) -> Envelope {
        var body = sample.substoryBody
        edit(&body)
        return envelope(.expandSubstory(body))
    }

    public func expandTinystory(_ edit: (inout ExpandTinystory) -> Void = { _ in }) -> Envelope {
        var body = sample.tinystoryBody
        edit(&body)
        return envelope(.expandTinystory(body))
    }

    /// The movie's style request, with the run's reference images.
    public func learnStyle(_ edit: (inout LearnStyle) -> Void = { _ in }) -> Envelope {
        var body = LearnStyle(movie: movie, style: plot.style, referenceImages: run.styleImages)
        edit(&body)
        return envelope(.learnStyle(body))
    }

    /// The movie's wake-up on the sample's style.
    public func styleReady(_ edit: (inout StyleReady) -> Void = { _ in }) -> Envelope {
        var body = StyleReady(movie: movie, styleId: sample.styleId)
        edit(&body)
        return envelope(.styleReady(body))
    }

    /// Frame 5 of the movie in the sample's style.
    public func renderFrame(_ edit: (inout RenderFrame) -> Void = { _ in }) -> Envelope {
        var body = RenderFrame(movie: movie, index: 5, count: run.branching.framesPerMovie,
                               prompt: "generate an image in \(sample.styleKeyword) style: at the harbor, a tall man is standing",
                               hints: SceneHints(location: "the harbor", characters: plot.characters, verb: "stand", expression: "calm"),
                               styleId: sample.styleId, seed: 3, width: run.width, height: run.height)
        edit(&body)
        return envelope(.renderFrame(body))
    }

    /// The validation of `movie` (the sample's by default).
    public func validateMovie(_ movie: MovieRef? = nil) -> Envelope {
        let target = movie ?? self.movie
        return envelope(.validateMovie(ValidateMovie(movie: target)), movie: target)
    }

    /// One valid message of every kind.
    public var everyKind: [Envelope] {
        [writePlot(), expandSubstory(), expandTinystory(), learnStyle(), styleReady(), renderFrame(), validateMovie()]
    }
}
