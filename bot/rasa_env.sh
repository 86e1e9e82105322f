# Sourced by the scripts that run Rasa: no telemetry, no noise from Rasa's own dependencies' deprecations.
export RASA_TELEMETRY_ENABLED=false
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export TF_CPP_MIN_LOG_LEVEL=2
export PYTHONWARNINGS="ignore::DeprecationWarning,ignore::PendingDeprecationWarning"
export LOG_LEVEL_LIBRARIES=ERROR
# Custom components (bot/components) are imported by module path from the repository root.
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
