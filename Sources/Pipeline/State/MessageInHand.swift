/// The message a stage runtime is handling and the claim it holds on it: what finishing it needs.
public struct MessageInHand: Sendable, Equatable {
    public var messageId: String
    public var movie: MovieRef
    /// The owner of the claim (one per handling).
    public var owner: String

    public init(messageId: String, movie: MovieRef, owner: String) {
        self.messageId = messageId
        self.movie = movie
        self.owner = owner
    }
}
