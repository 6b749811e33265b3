/// Everyday places a movie's scenes can happen in, for the follow-up that completes a plot with too few places.
///
/// A schema can bound a list but cannot make its items differ, and a small model asked for "more places" repeats
/// the ones it has. So the follow-up asks for named slots, each filled from its own group of candidates: the
/// groups are disjoint and leave out every place the plot already has, so any answer a schema-constrained server
/// writes adds only new, different places, and the model still picks which of each group fits the movie.
enum PlaceCatalog {
    /// Sixty place names of one or two words, matching ``StorySchemas``' place pattern.
    static let places = [
        "Town Square", "Market Street", "Old Harbor", "Fishing Pier", "Lighthouse", "Beach", "River Bank",
        "Stone Bridge", "Forest Path", "Deep Woods", "Mountain Pass", "Hilltop", "Meadow", "Farmhouse", "Barn",
        "Orchard", "Vineyard", "Village Well", "Bakery", "Tavern", "Inn Courtyard", "Library", "School Yard",
        "Classroom", "Train Station", "Bus Stop", "Rooftop", "Back Alley", "City Park", "Rose Garden", "Greenhouse",
        "Museum Hall", "Art Studio", "Theater Stage", "Concert Hall", "Ballroom", "Grand Hall", "Throne Room",
        "Castle Gate", "Tower Top", "Chapel", "Cemetery", "Hospital Ward", "Police Station", "Courtroom", "Office",
        "Laboratory", "Workshop", "Kitchen", "Dining Room", "Bedroom", "Attic", "Cellar", "Living Room", "Porch",
        "Campfire", "Desert Road", "Snowy Field", "Cave Entrance", "Waterfall",
    ]

    /// `count` disjoint groups of candidates (dealt round-robin, so each group mixes kinds of place), none of them
    /// one of `known` (compared ignoring case). Every group has at least three candidates for `count` ≤ 15.
    static func groups(count: Int, excluding known: [String]) -> [[String]] {
        let taken = Set(known.map { $0.lowercased() })
        let free = places.filter { !taken.contains($0.lowercased()) }
        return (0..<count).map { slot in stride(from: slot, to: free.count, by: count).map { free[$0] } }
    }

    /// The name of the answer's `index`th slot (0-based): `place_1`, `place_2`, ...
    static func slot(_ index: Int) -> String { "place_\(index + 1)" }
}
