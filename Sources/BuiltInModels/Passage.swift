import Models
import Foundation

/// A piece of story text (a substory's or a tinystory's content) and the QA pair asked from it.
struct Passage {
    /// The story text.
    var content: String
    /// A question whose answer the content states.
    var qa: QAPair
}
