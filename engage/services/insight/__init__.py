"""What residents said: results, themes, the machine's tags and officers reviewing them."""
