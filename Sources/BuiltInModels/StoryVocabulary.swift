import Models
import Imaging
import DreamFrameCore
import Foundation

/// Word lists the built-in story model writes from.
enum StoryVocabulary {
    /// The paper's genre mix (percent).
    static let genres: [(String, Double)] = [
        ("Drama", 25.9), ("Comedy", 13.0), ("Romance", 9.7), ("Anime", 9.7), ("Adventure", 6.4), ("Family", 6.4),
        ("Historical", 5.4), ("Horror", 4.3), ("Mystery", 4.3), ("Crime", 3.2), ("Action", 3.2), ("Fantasy", 3.2),
        ("Disaster", 2.1), ("Sci-Fi", 2.1), ("Biography", 1.1),
    ]

    /// Per genre: style keywords, tone adjectives, look description, favoured settings.
    static let genreLooks: [String: (keywords: [String], tones: [String], looks: [String], settings: [String])] = [
        "Drama": (["Dramatic", "Cinematic", "Moody"], ["tense", "heartfelt", "somber", "intimate"], ["high-contrast light with deep shadows", "warm firelight against cold stone", "muted colours and soft film grain"], ["medieval", "coast", "city", "town"]),
        "Comedy": (["Playful", "Sunny", "Cartoon"], ["light", "witty", "warm", "cheerful"], ["bright saturated colours with bold outlines", "sunny pastel tones", "flat cartoon colours"], ["town", "city", "coast"]),
        "Romance": (["Romantic", "Dreamy", "Golden"], ["tender", "wistful", "warm", "hopeful"], ["soft golden light and gentle pastel tones", "dreamy hazy warm colours", "warm sunset glow"], ["medieval", "coast", "city", "town"]),
        "Anime": (["Anime", "Vivid", "Cel"], ["earnest", "energetic", "bright", "emotional"], ["vivid cel colours with clean bold lines", "vibrant flat colours and crisp outlines", "colourful painterly skies"], ["fantasy", "town", "space", "city"]),
        "Adventure": (["Epic", "Vibrant", "Sweeping"], ["daring", "bold", "hopeful", "restless"], ["vivid warm colours and wide skies", "epic dramatic light", "saturated painterly landscapes"], ["mountain", "desert", "coast", "fantasy"]),
        "Family": (["Storybook", "Warm", "Gentle"], ["warm", "gentle", "funny", "kind"], ["soft storybook watercolour", "warm cozy colours", "gentle pastel light"], ["town", "coast", "fantasy"]),
        "Historical": (["Painterly", "Sepia", "Vintage"], ["grave", "proud", "stirring", "solemn"], ["muted vintage oil-painting tones", "sepia faded colours with grain", "painterly dark stone and candlelight"], ["medieval", "desert", "coast"]),
        "Horror": (["Eerie", "Gothic", "Shadowy"], ["dread-filled", "uneasy", "grim", "cold"], ["dark eerie shadows with cold green light", "gloomy desaturated colours with heavy grain", "ghostly pale light in deep darkness"], ["gothic", "mountain"]),
        "Mystery": (["Noir", "Shadowy", "Muted"], ["curious", "secretive", "tense", "quiet"], ["dark noir shadows and stark contrast", "muted blue night tones", "ink sketch with hatched shadows"], ["gothic", "city", "coast", "medieval"]),
        "Crime": (["Noir", "Gritty", "Stark"], ["hard", "cynical", "tense", "raw"], ["gritty grainy film with harsh contrast", "dark noir ink with hatching", "cold steel blue night"], ["city", "coast"]),
        "Action": (["Kinetic", "Bold", "Intense"], ["fast", "fierce", "daring", "loud"], ["intense high-contrast colours with bold lines", "fiery vivid red and orange", "gritty dramatic contrast"], ["city", "space", "desert", "medieval"]),
        "Fantasy": (["Mythic", "Enchanted", "Mystical"], ["wondrous", "magical", "ancient", "hopeful"], ["mystical purple and green glow", "painterly enchanted colours", "vivid magical light"], ["fantasy", "mountain", "medieval"]),
        "Disaster": (["Stark", "Apocalyptic", "Raw"], ["desperate", "urgent", "bleak", "brave"], ["harsh grainy light and dusty muted colours", "fiery red skies and dark smoke", "cold stark grey tones"], ["coast", "mountain", "space", "city"]),
        "Sci-Fi": (["Futuristic", "Neon", "Chrome"], ["cool", "curious", "lonely", "sleek"], ["cold clinical blue light", "neon purple glow in darkness", "cool steel tones with clean lines"], ["space", "city"]),
        "Biography": (["Documentary", "Vintage", "Naturalistic"], ["honest", "reflective", "proud", "quiet"], ["muted naturalistic film grain", "warm vintage faded colours", "soft natural light"], ["city", "town", "coast", "medieval"]),
    ]

    static let maleNames = ["Darius", "Tomas", "Elias", "Rowan", "Marcus", "Felix", "Oren", "Caleb", "Silas", "Jonah", "Ivo", "Bram", "Hugo", "Matteo", "Kenji", "Ravi", "Anselm", "Corin", "Dmitri", "Emil", "Gideon", "Hector", "Idris", "Jasper", "Kofi", "Leon", "Milo", "Nico", "Otto", "Pavel", "Quentin", "Rafael", "Soren", "Theo", "Ulric", "Victor", "Wendell", "Yusuf", "Zane", "Aldric", "Benedict", "Cyrus", "Dorian", "Edmund", "Farid", "Gareth", "Henrik", "Lucan"]
    static let femaleNames = ["Eleanor", "Mara", "Lena", "Isolde", "Nadia", "Clara", "Yara", "Ines", "Freya", "Maren", "Aiko", "Priya", "Beatrix", "Celeste", "Dalia", "Elsa", "Fiona", "Greta", "Hana", "Iris", "Juno", "Katya", "Lila", "Mina", "Nora", "Odette", "Petra", "Rosa", "Selene", "Tessa", "Una", "Vera", "Wren", "Zoe", "Adele", "Brielle", "Cora", "Delphine", "Esme", "Flora", "Gwen", "Helena", "Ilse", "Jasmine", "Leila", "Marisol", "Ondine", "Sabine"]

    static let builds = ["tall", "short", "stout", "slim", "broad", "wiry"]
    static let ages = ["young", "old", "", "", ""]
    static let maleFeatures = ["a grey beard", "a black beard", "round glasses", "a wide-brimmed hat", "short red hair", "a bald head", "curly brown hair", "a short blond beard", "a flat cap", "a long grey moustache"]
    static let femaleFeatures = ["long black hair", "short silver hair", "round glasses", "a wide-brimmed hat", "braided auburn hair", "long blond hair", "curly brown hair", "a red headscarf", "short black hair", "long ginger hair"]
    static let clothingColours = ["brown", "red", "navy", "green", "grey", "royal blue", "dark green", "crimson", "mustard", "white", "black", "purple", "teal", "orange", "maroon", "cream"]
    static let maleGarments = ["coat", "jacket", "tunic", "cloak", "uniform", "vest"]
    static let femaleGarments = ["dress", "coat", "cloak", "gown", "jacket", "shawl"]

    /// Title words.
    static let titleAdjectives = ["Silent", "Last", "Hidden", "Burning", "Broken", "Golden", "Forgotten", "Distant", "Secret", "Crimson", "Endless", "Fragile", "Wild", "Quiet", "Stolen", "Midnight", "Shattered", "Restless", "Winter", "Lost", "Brave", "Hollow", "Scarlet", "Bitter", "Second", "Iron", "Paper", "Northern", "Falling", "Unspoken"]
    static let titleNouns = ["Promise", "Crossing", "Harvest", "Echo", "Lantern", "Storm", "Oath", "Letter", "Tide", "Song", "Shadow", "Bargain", "Journey", "Return", "Gambit", "Reckoning", "Vow", "Map", "Key", "Season", "Flame", "Heart", "Road", "Secret", "Dawn", "Garden", "Bridge", "Winter", "Summer", "Legacy"]

    /// Small objects for level-2/3 scenes.
    static let props = ["a brass key", "a torn letter", "an oil lantern", "a folded map", "a wooden box", "a sealed envelope", "a small knife", "a loaf of bread", "a silver coin", "a faded photograph", "a coil of rope", "a leather notebook", "a clay cup", "a woollen scarf", "a bundle of herbs", "a broken watch"]
    /// Places inside a location where things are hidden or found.
    static let spots = ["a loose stone", "the wooden counter", "a pile of crates", "the old doorway", "a dusty shelf", "the back wall", "a narrow window", "the iron stove", "a heavy curtain", "the stairs"]
    static let seats = ["a wooden bench", "an upturned crate", "a low stool", "the stone steps", "an old chair", "a barrel"]
    static let tools = ["a borrowed needle and thread", "a hammer and nails", "strips of cloth", "a spool of wire", "melted wax"]
    static let times = ["the bells ring at midnight", "the rain stops", "the sun goes down", "the last customer leaves", "the guards change shifts"]
    static let warnings = ["someone has been following them", "the road ahead is watched", "time is running out", "a friend cannot be trusted", "the storm will arrive tonight"]
    static let interruptions = ["a stranger calls their names", "a bell starts to ring", "they hear footsteps behind them", "a dog begins to bark", "the lights go out"]

    /// Whether `text` mentions one of ``props`` (returned without its article) or a setting treasure.
    static func mentionedObject(in text: String) -> String? {
        let lower = text.lowercased()
        for s in StorySetting.catalog {
            for t in s.treasures where lower.contains(t) { return t }
        }
        return props.first { lower.contains($0) }
    }
}
