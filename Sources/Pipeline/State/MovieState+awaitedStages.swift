extension MovieState {
    /// The stages whose queues a movie in `state` waits on: its plot writer, expander or style trainer; a rendering
    /// movie's renderers, then its validator; every stage when the state is unknown (nil), none when done.
    public static func awaitedStages(_ state: MovieState?) -> [Stage] {
        switch state {
        case .queued: return [.plotWriter]
        case .expanding: return [.storyExpander]
        case .styling, .waitingForStyle: return [.styleTrainer]
        case .rendering: return [.frameRenderer, .qaValidator]
        case .done: return []
        case nil: return Stage.allCases
        }
    }

    /// Whether a movie in `state` waits on a stage with messages in line (`queued`: messages per stage, ready or
    /// waiting to retry): idle then means waiting its turn, not lost.
    public static func isInLine(_ state: MovieState?, queued: [Stage: Int]) -> Bool {
        awaitedStages(state).contains { (queued[$0] ?? 0) > 0 }
    }
}
