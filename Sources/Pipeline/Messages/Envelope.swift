import Models
import Clients
import DreamFrameCore
import Foundation

/// The wire form of every pipeline message: schema version, kind, a deterministic id and the typed body.
///
/// Ids are derived from what a message means (run, movie, level, index), never random, so a duplicate is recognisable
/// by every stage downstream.
public struct Envelope: Sendable {
    /// The schema this build writes and reads.
    public static let currentSchema = 1

    public var schema: Int
    public var kind: MessageKind
    public var id: String
    public var movie: MovieRef
    public var body: Body

    /// A message body, one case per ``MessageKind``.
    public enum Body: Sendable {
        case writePlot(WritePlot)
        case expandSubstory(ExpandSubstory)
        case expandTinystory(ExpandTinystory)
        case learnStyle(LearnStyle)
        case styleReady(StyleReady)
        case renderFrame(RenderFrame)
        case validateMovie(ValidateMovie)
    }

    public init(id: String, movie: MovieRef, body: Body) {
        self.schema = Envelope.currentSchema
        self.id = id
        self.movie = movie
        self.body = body
        switch body {
        case .writePlot: kind = .writePlot
        case .expandSubstory: kind = .expandSubstory
        case .expandTinystory: kind = .expandTinystory
        case .learnStyle: kind = .learnStyle
        case .styleReady: kind = .styleReady
        case .renderFrame: kind = .renderFrame
        case .validateMovie: kind = .validateMovie
        }
    }
}
