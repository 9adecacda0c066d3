# Initiative, Volunteer, Organisation and the contact log arrive with the initiatives issue.
