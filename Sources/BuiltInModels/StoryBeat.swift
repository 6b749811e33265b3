import Foundation

/// The kinds of story beat a substory can be written from.
enum StoryBeat: String, Sendable, CaseIterable {
    case opening, inciting, meeting, bond, plan, journey, obstacle, discovery, setback, quarrel, sacrifice
    case reunion, confession, confrontation, climax, resolution, epilogue
}
