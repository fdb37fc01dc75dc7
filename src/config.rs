//! The viewer's settings, read from the page URL's query string and validated: a bad value is
//! reported naming its field, and the default stands in for it.

use crate::view::colors::ServiceColors;
use crate::view::range::TimeRange;

/// Services that are Jaeger itself, left out of "all services".
pub const JAEGER_OWN_SERVICES: [&str; 3] = ["jaeger-all-in-one", "jaeger-query", "jaeger"];

/// Which query API the backend speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flavour {
    /// Jaeger's v1 query API: `/api/services`, `/api/traces`.
    JaegerV1,
    /// Jaeger v2's api_v3: `/api/v3/…`, answering OTLP JSON.
    JaegerV3,
    /// The Acontext dashboard's admin endpoint, passing Jaeger's v1 JSON through; `path` is the
    /// template under the API base with `{project_id}` in it.
    Acontext { project: String, path: String },
}

impl Flavour {
    /// As the page footer names it.
    pub fn describe(&self) -> String {
        match self {
            Self::JaegerV1 => "Jaeger query API v1".to_owned(),
            Self::JaegerV3 => "Jaeger api_v3 (OTLP JSON)".to_owned(),
            Self::Acontext { project, .. } => format!("Acontext endpoint, project {project}"),
        }
    }
}

/// Light, dark, or whatever the system prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    /// The class on the app root that fixes the colour scheme (none for auto).
    pub fn class(self) -> &'static str {
        match self {
            Self::Auto => "",
            Self::Light => "td-theme-light",
            Self::Dark => "td-theme-dark",
        }
    }
}

/// Services the Acontext endpoint is asked for when none are configured.
pub const ACONTEXT_SERVICES: [&str; 2] = ["acontext-api", "acontext-core"];

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Base of Jaeger's query API: a path on this origin (`/api`) or an http(s) URL.
    pub api_base: String,
    /// `None`: probe once (v1 first, then api_v3) and use what answers.
    pub flavour: Option<Flavour>,
    /// Public Jaeger UI for deep links; `None` when the configured one was refused.
    pub jaeger_ui: Option<String>,
    /// Jaeger's tag filter for searches, a JSON object of tag → value (compact).
    pub tags: Option<String>,
    /// Services to list; `None` means every service Jaeger knows except its own.
    pub services: Option<Vec<String>>,
    pub page_size: usize,
    pub refresh_secs: u32,
    pub timeout_secs: u32,
    pub range: TimeRange,
    /// Generated Acontext traces instead of a backend, labelled "Demo data" on screen.
    pub demo: bool,
    pub colors: ServiceColors,
    pub theme: Theme,
    /// Inside an iframe: no page chrome, a transparent background, and the content height posted
    /// to the parent window.
    pub embed: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            api_base: "/api".into(),
            flavour: None,
            tags: None,
            jaeger_ui: Some("http://localhost:16686".into()),
            services: None,
            page_size: 50,
            refresh_secs: 30,
            timeout_secs: 10,
            range: TimeRange::Last1h,
            demo: false,
            colors: ServiceColors::default(),
            theme: Theme::Auto,
            embed: false,
        }
    }
}

impl Config {
    /// Reads `api`, `flavour` (`auto`, `jaeger-v1`, `jaeger-v3`, `acontext` with `project`),
    /// `jaeger_ui`, `services`, `limit`, `refresh`, `timeout`, `range`, `source` and `color`
    /// (`service:#hex`, repeatable); returns the config and one message per bad field.
    pub fn from_query<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, Vec<String>) {
        let mut config = Self::default();
        let mut problems = Vec::new();
        let mut project: Option<String> = None;
        let mut acontext_path = crate::api::paths::ACONTEXT_PATH.to_owned();
        let mut wants_acontext = false;
        for (key, value) in pairs {
            let value = value.trim();
            let result = match key {
                "api" => http_or_path(value).map(|base| config.api_base = base),
                "flavour" => parse_flavour(value).map(|choice| match choice {
                    FlavourChoice::Auto => config.flavour = None,
                    FlavourChoice::Fixed(flavour) => config.flavour = Some(flavour),
                    FlavourChoice::Acontext => wants_acontext = true,
                }),
                "tags" => tag_filter(value).map(|tags| config.tags = tags),
                "acontext_path" => {
                    if value.starts_with('/')
                        && value.contains("{project_id}")
                        && is_url_safe(value)
                    {
                        acontext_path = value.to_owned();
                        Ok(())
                    } else {
                        Err(format!("{value:?} is not a path with {{project_id}} in it"))
                    }
                }
                "project" => {
                    project = Some(value.to_owned()).filter(|p| !p.is_empty());
                    Ok(())
                }
                "jaeger_ui" => match http_url(value) {
                    Ok(url) => {
                        config.jaeger_ui = Some(url);
                        Ok(())
                    }
                    Err(e) => {
                        config.jaeger_ui = None;
                        Err(e)
                    }
                },
                "services" => {
                    let list: Vec<String> = value
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect();
                    config.services = (!list.is_empty()).then_some(list);
                    Ok(())
                }
                "limit" => number(value, 1, 1000).map(|n| config.page_size = n as usize),
                "refresh" => number(value, 1, 86_400).map(|n| config.refresh_secs = n),
                "timeout" => number(value, 1, 600).map(|n| config.timeout_secs = n),
                "range" => TimeRange::parse(value)
                    .map(|r| config.range = r)
                    .ok_or_else(|| format!("{value:?} is not one of 15m, 1h, 6h, 24h, 7d")),
                "source" => match value {
                    "demo" => {
                        config.demo = true;
                        Ok(())
                    }
                    "jaeger" | "" => Ok(()),
                    other => Err(format!("{other:?} is not a source (use demo or jaeger)")),
                },
                "theme" => parse_theme(value).map(|theme| config.theme = theme),
                "embed" => parse_flag(value).map(|on| config.embed = on),
                "color" => value
                    .split_once(':')
                    .ok_or_else(|| format!("{value:?} is not service:#hex"))
                    .and_then(|(service, color)| config.colors.set(service.trim(), color.trim())),
                _ => Ok(()),
            };
            if let Err(problem) = result {
                problems.push(format!("Setting `{key}`: {problem}; using the default."));
            }
        }
        if wants_acontext {
            match project {
                Some(project) => {
                    config.flavour = Some(Flavour::Acontext {
                        project,
                        path: acontext_path,
                    })
                }
                None => problems.push(
                    "Setting `flavour`: acontext needs `project` (the project ID); probing instead."
                        .to_owned(),
                ),
            }
        }
        (config, problems)
    }

    /// The Jaeger UI page of a trace; only for hex IDs, so nothing from a trace shapes the URL.
    pub fn jaeger_trace_url(&self, trace_id: &str, span_id: Option<&str>) -> Option<String> {
        use crate::model::id::is_hex_id;
        let base = self.jaeger_ui.as_deref()?;
        if !is_hex_id(trace_id) {
            return None;
        }
        Some(match span_id.filter(|s| is_hex_id(s)) {
            Some(span) => format!("{base}/trace/{trace_id}?uiFind={span}"),
            None => format!("{base}/trace/{trace_id}"),
        })
    }
}

fn parse_theme(value: &str) -> Result<Theme, String> {
    match value {
        "auto" | "" => Ok(Theme::Auto),
        "light" => Ok(Theme::Light),
        "dark" => Ok(Theme::Dark),
        other => Err(format!("{other:?} is not one of auto, light, dark")),
    }
}

fn parse_flag(value: &str) -> Result<bool, String> {
    match value {
        "1" | "true" => Ok(true),
        "0" | "false" | "" => Ok(false),
        other => Err(format!("{other:?} is not 1 or 0")),
    }
}

enum FlavourChoice {
    Auto,
    Fixed(Flavour),
    /// Needs the `project` setting as well.
    Acontext,
}

fn parse_flavour(value: &str) -> Result<FlavourChoice, String> {
    match value {
        "auto" | "" => Ok(FlavourChoice::Auto),
        "jaeger-v1" => Ok(FlavourChoice::Fixed(Flavour::JaegerV1)),
        "jaeger-v3" => Ok(FlavourChoice::Fixed(Flavour::JaegerV3)),
        "acontext" => Ok(FlavourChoice::Acontext),
        other => Err(format!(
            "{other:?} is not one of auto, jaeger-v1, jaeger-v3, acontext"
        )),
    }
}

/// A JSON object of tag → value (values may be any scalar), kept compact; empty means none.
fn tag_filter(value: &str) -> Result<Option<String>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(value)
        .map_err(|_| format!("{value:?} is not a JSON object like {{\"error\":\"true\"}}"))?;
    let strings: serde_json::Map<String, serde_json::Value> = map
        .into_iter()
        .map(|(k, v)| {
            let text = match v {
                serde_json::Value::String(s) => s,
                other if !other.is_object() && !other.is_array() => other.to_string(),
                _ => return Err(format!("tag {k:?} needs a plain value")),
            };
            Ok((k, serde_json::Value::String(text)))
        })
        .collect::<Result<_, String>>()?;
    Ok((!strings.is_empty()).then(|| serde_json::Value::Object(strings).to_string()))
}

fn number(value: &str, min: u32, max: u32) -> Result<u32, String> {
    value
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| format!("{value:?} is not a whole number from {min} to {max}"))
}

/// An absolute http(s) URL without a trailing slash.
fn http_url(value: &str) -> Result<String, String> {
    let lower = value.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && is_url_safe(value) => {
            Ok(value.trim_end_matches('/').to_owned())
        }
        _ => Err(format!("{value:?} is not an http(s) URL")),
    }
}

/// A path on this origin (`/api`) or an absolute http(s) URL.
fn http_or_path(value: &str) -> Result<String, String> {
    if value.starts_with('/') && !value.starts_with("//") && is_url_safe(value) {
        Ok(value.trim_end_matches('/').to_owned())
    } else {
        http_url(value)
            .map_err(|_| format!("{value:?} is neither a path like /api nor an http(s) URL"))
    }
}

fn is_url_safe(value: &str) -> bool {
    !value
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fit_a_local_jaeger() {
        let (config, problems) = Config::from_query([]);
        assert!(problems.is_empty());
        assert_eq!(config.api_base, "/api");
        assert_eq!(config.page_size, 50);
        assert_eq!(config.refresh_secs, 30);
        assert_eq!(config.range, TimeRange::Last1h);
    }

    #[test]
    fn values_are_read_and_bad_ones_named() {
        let (config, problems) = Config::from_query([
            ("api", "http://jaeger:16686/api/"),
            ("refresh", "1"),
            ("limit", "0"),
            ("jaeger_ui", "javascript:alert(1)"),
            ("services", "a, b,,"),
            ("source", "demo"),
        ]);
        assert_eq!(config.api_base, "http://jaeger:16686/api");
        assert_eq!(config.refresh_secs, 1);
        assert_eq!(config.page_size, 50);
        assert_eq!(config.jaeger_ui, None);
        assert_eq!(config.services, Some(vec!["a".into(), "b".into()]));
        assert!(config.demo);
        assert_eq!(problems.len(), 2);
        assert!(problems[0].contains("`limit`"));
        assert!(problems[1].contains("`jaeger_ui`") && problems[1].contains("http(s)"));
    }

    #[test]
    fn the_acontext_flavour_needs_a_project() {
        let (config, problems) = Config::from_query([("flavour", "acontext"), ("project", "p1")]);
        assert!(problems.is_empty());
        assert_eq!(
            config.flavour,
            Some(Flavour::Acontext {
                project: "p1".into(),
                path: crate::api::paths::ACONTEXT_PATH.into(),
            })
        );
        let (config, problems) = Config::from_query([("flavour", "acontext")]);
        assert_eq!((config.flavour, problems.len()), (None, 1));
    }

    #[test]
    fn tag_filters_are_json_objects_of_plain_values() {
        let (config, problems) =
            Config::from_query([("tags", r#"{"error": true, "http.route": "/x"}"#)]);
        assert!(problems.is_empty());
        assert_eq!(
            config.tags.as_deref(),
            Some(r#"{"error":"true","http.route":"/x"}"#)
        );
        let (config, problems) = Config::from_query([("tags", "error=true")]);
        assert_eq!((config.tags, problems.len()), (None, 1));
        let (config, _) = Config::from_query([
            ("flavour", "acontext"),
            ("project", "p"),
            ("acontext_path", "/v2/{project_id}/traces"),
        ]);
        assert_eq!(
            config.flavour,
            Some(Flavour::Acontext {
                project: "p".into(),
                path: "/v2/{project_id}/traces".into()
            })
        );
    }

    #[test]
    fn theme_and_embed() {
        let (config, problems) = Config::from_query([("theme", "dark"), ("embed", "1")]);
        assert!(problems.is_empty());
        assert_eq!((config.theme, config.embed), (Theme::Dark, true));
        let (config, problems) = Config::from_query([("theme", "pink"), ("embed", "yes")]);
        assert_eq!(
            (config.theme, config.embed, problems.len()),
            (Theme::Auto, false, 2)
        );
    }

    #[test]
    fn jaeger_links_only_for_hex_ids() {
        let config = Config::default();
        assert_eq!(
            config
                .jaeger_trace_url("00000000000000ab", Some("00000000000000cd"))
                .as_deref(),
            Some("http://localhost:16686/trace/00000000000000ab?uiFind=00000000000000cd")
        );
        assert_eq!(config.jaeger_trace_url("trace-123", None), None);
        assert_eq!(
            config
                .jaeger_trace_url("ab", Some("x\"><script>"))
                .as_deref(),
            Some("http://localhost:16686/trace/ab")
        );
    }
}
