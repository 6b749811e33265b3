import Models
import Clients
import DreamFrameCore
import Foundation

/// Why a model's answer does not satisfy a level's contract; the reason is sent back in the repair round trip.
struct StoryOutputError: Error, Sendable, CustomStringConvertible {
    var reason: String
    init(_ reason: String) { self.reason = reason }
    var description: String { reason }
}
