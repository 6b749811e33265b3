import Models
import Clients
import DreamFrameCore
import Foundation

/// Why a model's answer does not satisfy a level's contract; the reason is sent back in the repair round trip.
package struct StoryOutputError: Error, Sendable, CustomStringConvertible {
    var reason: String
    init(_ reason: String) { self.reason = reason }
    package var description: String { reason }
}
