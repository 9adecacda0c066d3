# Signal, its workflow and collective needs arrive with the signals issue.
