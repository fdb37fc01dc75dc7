//! Service colours and HTTP method badge styles.

/// Colour of a service's stripe, chip and bars; services not in the map get the fallback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceColors {
    map: Vec<(String, String)>,
    fallback: String,
}

impl Default for ServiceColors {
    fn default() -> Self {
        Self {
            map: vec![
                ("acontext-api".into(), "#2dd4bf".into()),
                ("acontext-core".into(), "#60a5fa".into()),
            ],
            fallback: "#9ca3af".into(),
        }
    }
}

impl ServiceColors {
    pub fn color(&self, service: &str) -> &str {
        self.map
            .iter()
            .find(|(name, _)| name == service)
            .map_or(&self.fallback, |(_, color)| color)
    }

    /// Sets one service's colour; only `#rgb` / `#rrggbb` colours are taken, so no CSS can be injected.
    pub fn set(&mut self, service: &str, color: &str) -> Result<(), String> {
        if !is_hex_color(color) {
            return Err(format!("{color:?} is not a colour like #2dd4bf"));
        }
        let color = color.to_ascii_lowercase();
        match self.map.iter_mut().find(|(name, _)| name == service) {
            Some(entry) => entry.1 = color,
            None => self.map.push((service.to_owned(), color)),
        }
        Ok(())
    }
}

fn is_hex_color(text: &str) -> bool {
    text.strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The badge style of an HTTP method: get, post, put, patch, delete, or other.
pub fn method_class(method: &str) -> &'static str {
    match method.to_ascii_uppercase().as_str() {
        "GET" => "get",
        "POST" => "post",
        "PUT" => "put",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acontext_services_have_their_colours_and_others_are_gray() {
        let colors = ServiceColors::default();
        assert_eq!(colors.color("acontext-api"), "#2dd4bf");
        assert_eq!(colors.color("acontext-core"), "#60a5fa");
        assert_eq!(colors.color("postgres"), "#9ca3af");
    }

    #[test]
    fn only_hex_colours_are_accepted() {
        let mut colors = ServiceColors::default();
        assert!(colors.set("db", "#ABC").is_ok());
        assert_eq!(colors.color("db"), "#abc");
        assert!(colors.set("db", "red;background:url(x)").is_err());
        assert!(colors.set("db", "#12345").is_err());
    }

    #[test]
    fn method_badges_by_method() {
        assert_eq!(method_class("get"), "get");
        assert_eq!(method_class("DELETE"), "delete");
        assert_eq!(method_class("OPTIONS"), "other");
    }
}
