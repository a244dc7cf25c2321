"""Knowledge of the Myanmar script: digits, line-break opportunities, Zawgyi, shaping lint."""
