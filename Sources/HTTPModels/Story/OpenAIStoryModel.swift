import Models
import Clients
import DreamFrameCore
import Foundation

/// A ``StoryModel`` backed by an OpenAI-compatible chat API (`POST {baseURL}/chat/completions`): OpenAI, vLLM,
/// SGLang, llama.cpp's `llama-server`, Ollama.
///
/// Each level sends the paper's contract as the prompt and its answer's JSON Schema (``StorySchemas``) as
/// `response_format` — strict `json_schema` first, then `json_object`, then plain text, as the server accepts
/// (see ``ResponseMode``) — with a `max_tokens` budget the schema bounds (``JSONSchema/tokenBound``). The answer
/// is parsed and validated: counts, required fields, the QA type taken from each question's first word, the
/// movie's locations and the allowed keyframe verbs.
///
/// One repair turn is allowed per call, sending only the error and the schema (never a runaway answer back): an
/// invalid answer is asked again with the reason; an answer cut by its budget (`finish_reason: length`) is asked
/// again with twice the budget and a request for brevity; a request longer than the server's context is sent again
/// with a budget that fits. After that the call fails with ``ModelError/permanent(_:)`` naming the level and why.
/// Rate limits, the response cache, in-flight bounds and server errors are the shared ``ChatEndpoint``'s.
///
/// Substory and tinystory `index` values are the 0-based positions in the answer.
public struct OpenAIStoryModel: StoryModel {
    /// Where and how to call the chat API.
    public typealias Configuration = ChatEndpoint.Configuration

    /// The server as this process sees it (shareable between models).
    public let endpoint: ChatEndpoint

    /// The settings in use.
    public var configuration: Configuration { endpoint.configuration }

    /// Creates a story model over a shared endpoint.
    public init(endpoint: ChatEndpoint) {
        self.endpoint = endpoint
    }

    /// Creates a story model with an endpoint of its own; pass a shared ``HTTPClient`` to bound concurrency.
    public init(configuration: Configuration, client: HTTPClient? = nil) {
        self.endpoint = ChatEndpoint(configuration: configuration, client: client)
    }

    /// Level 1: the movie prior and `substoryCount` substories.
    ///
    /// A schema cannot make a list's items different from each other, and small models repeat places: a plot
    /// that is valid but for naming fewer than 12 different places keeps what it has and asks, in one short call
    /// of its own, for the places it lacks (``withMorePlaces(_:seed:)``).
    public func writePlot(_ request: PlotRequest) async throws -> MoviePlot {
        let plot = try await converse(level: "level 1 (plot)", schemaName: "plot", seed: request.seed,
                                      prompt: Self.plotPrompt(request),
                                      schema: StorySchemas.plot(substories: request.substoryCount)) {
            content throws(StoryOutputError) in try Self.parsePlot(content, request: request, minimumLocations: 1)
        }
        return plot.locations.count >= StorySchemas.locationRange.lowerBound
            ? plot : try await withMorePlaces(plot, seed: request.seed)
    }

    /// The plot with the places it lacks added: one slot per missing place, each chosen from a group of candidates
    /// the plot does not have (``PlaceCatalog``), so a schema-constrained answer can only add new, different
    /// places. An answer that still repeats gets the usual repair turn, then fails permanently saying how many
    /// places were new.
    func withMorePlaces(_ plot: MoviePlot, seed: UInt64) async throws -> MoviePlot {
        let needed = StorySchemas.locationRange.lowerBound - plot.locations.count
        let groups = PlaceCatalog.groups(count: needed, excluding: plot.locations)
        let added = try await converse(level: "level 1 (plot: \(needed) more places than its \(plot.locations.count))",
                                       schemaName: "places", seed: seed,
                                       prompt: Self.morePlacesPrompt(plot, groups: groups),
                                       schema: StorySchemas.places(groups: groups)) {
            content throws(StoryOutputError) in
            try Self.parseMorePlaces(content, slots: needed, known: plot.locations, needed: needed)
        }
        var topped = plot
        topped.locations += added
        return topped
    }

    /// Level 2: `tinystoryCount` tinystories and one QA pair for a substory.
    public func expandSubstory(_ request: SubstoryRequest) async throws -> SubstoryExpansion {
        try await converse(level: "level 2 (substory \(request.substory.index))", schemaName: "substory",
                           seed: request.seed, prompt: Self.substoryPrompt(request),
                           schema: StorySchemas.substory(tinystories: request.tinystoryCount,
                                                         locations: request.movie.locations)) {
            content throws(StoryOutputError) in try Self.parseSubstoryExpansion(content, request: request)
        }
    }

    /// Level 3: `keyframeCount` keyframes with dialogue lines and two QA pairs for a tinystory.
    public func expandTinystory(_ request: TinystoryRequest) async throws -> TinystoryExpansion {
        try await converse(level: "level 3 (tinystory \(request.tinystory.index))", schemaName: "tinystory",
                           seed: request.seed, prompt: Self.tinystoryPrompt(request),
                           schema: StorySchemas.tinystory(keyframes: request.keyframeCount,
                                                          locations: request.movie.locations,
                                                          names: request.movie.characters.map(\.name))) {
            content throws(StoryOutputError) in try Self.parseTinystoryExpansion(content, request: request)
        }
    }
}
