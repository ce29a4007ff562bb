//! Closed sets of words a person picks from (life area, outcome, cause, …). One macro gives each
//! its spelling on the command line, in JSON and in storage, and an error that lists the choices.

/// Defines an enum whose variants are spelled as the given lower-case words everywhere. The words
/// are `tt`, not `literal`: a `literal` fragment reaches derive macros wrapped in an invisible
/// group, and the OpenAPI derive would then miss the serde renames and list the variant names.
macro_rules! choice {
    ($(#[$doc:meta])* $name:ident, $field:ident { $($(#[$vdoc:meta])* $variant:ident => $word:tt),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $word)] $variant),+
        }

        impl $name {
            /// Every choice, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The choices as the user types them, for help and error messages.
            pub const WORDS: &'static str = concat!($($word, " "),+);

            /// The word for this choice.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::ValidationError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                // Stored and typed words are almost always exact; only the rest are folded.
                let exact = $name::ALL.iter().copied().find(|c| c.as_str() == s);
                exact
                    .or_else(|| {
                        let word = s.trim().to_lowercase();
                        $name::ALL.iter().copied().find(|c| c.as_str() == word)
                    })
                    .ok_or_else(|| $crate::ValidationError::Choice {
                        field: $crate::Field::$field,
                        value: s.trim().to_owned(),
                        allowed: $name::WORDS.trim_ascii_end(),
                    })
            }
        }
    };
}

pub(crate) use choice;
