"""Conversation ideas for each depth level and topic category, in our own words.

The six categories are those of Ma, Hancock & Naaman (2016). Every category
can be shared at every level: whether it is light or heavy depends on what
you say about it, and their raters found the negative side of each topic
more intimate than the positive one, so the deeper ideas lean on worries,
hurts and doubts. Level 0 ("nothing") has no ideas: it is never suggested.
"""

from __future__ import annotations

from collections.abc import Mapping

from ixcoach_desktop.domain.scales import DepthLevel, Topic

TOPIC_IDEAS: Mapping[DepthLevel, Mapping[Topic, tuple[str, ...]]] = {
    DepthLevel.SURFACE: {
        Topic.TASTES: (
            "Mention a film, show or book you've started lately and ask what they're into.",
            "Tell them about a place you'd like to eat at or visit soon.",
        ),
        Topic.WORK: (
            "Share what's on your plate at work or in your studies this week.",
            "Mention a small win or a new project you're starting.",
        ),
        Topic.ATTITUDES: (
            "Bring up something in the news and ask what they made of it.",
            "Mention a change in your neighbourhood or town and how it's going.",
        ),
        Topic.RELATIONSHIPS: (
            "Tell them what you got up to with friends or family lately.",
            "Mention plans you have with people coming up.",
        ),
        Topic.MONEY: (
            "Mention something you're saving up for or planning to buy.",
            "Tell them about a good find or bargain you came across.",
        ),
        Topic.BODY: (
            "Mention a walk, class or sport you've done lately.",
            "Tell them about a new routine you're trying, like cooking more.",
        ),
    },
    DepthLevel.PREFERENCES: {
        Topic.TASTES: (
            "Tell them why a favourite song, book or film matters to you.",
            "Share a taste of yours that people often find surprising.",
        ),
        Topic.WORK: (
            "Say what you enjoy most and least about your work or studies right now.",
            "Share your honest opinion of how things are run where you work or study.",
        ),
        Topic.ATTITUDES: (
            "Share a view you've changed your mind about, and what changed it.",
            "Say where you stand on a question in the news, and ask theirs.",
        ),
        Topic.RELATIONSHIPS: (
            "Share what you value most in a friend.",
            "Tell them about a family habit or tradition you like, or don't.",
        ),
        Topic.MONEY: (
            "Say what you think is worth spending on and what isn't.",
            "Share a money habit you're trying to build.",
        ),
        Topic.BODY: (
            "Share what really helps you unwind after a long day.",
            "Talk about food or exercise you love, or can't stand.",
        ),
    },
    DepthLevel.PERSONAL: {
        Topic.TASTES: (
            "Tell them about something you loved as a child and what it meant to you.",
            "Share a pastime you wish you had more time for, and what stops you.",
        ),
        Topic.WORK: (
            "Share a worry about where your work or studies are heading.",
            "Tell them what you hope to be doing in a few years, and why.",
        ),
        Topic.ATTITUDES: (
            "Share a belief that guides how you live, and where it came from.",
            "Tell them about something that upset you lately, and why it got to you.",
        ),
        Topic.RELATIONSHIPS: (
            "Share how you really feel about a relationship that matters to you.",
            "Tell them about someone who shaped who you are.",
        ),
        Topic.MONEY: (
            "Share a money worry that's been on your mind.",
            "Tell them how the way you grew up shapes how you think about money.",
        ),
        Topic.BODY: (
            "Share how your health or energy has really been lately.",
            "Tell them about a change you want to make for your wellbeing, and what makes it hard.",
        ),
    },
    DepthLevel.VULNERABLE: {
        Topic.TASTES: (
            "Share something you love but feel self-conscious about.",
            "Tell them about a creative dream you set aside, and how that sits with you.",
        ),
        Topic.WORK: (
            "Tell them about a time you felt like a fraud at work or in your studies.",
            "Share a setback at work that still stings.",
        ),
        Topic.ATTITUDES: (
            "Share a doubt about something you've always believed.",
            "Tell them about a time you acted against your own values.",
        ),
        Topic.RELATIONSHIPS: (
            "Share a falling-out that still hurts.",
            "Tell them about a time you felt lonely even with people around.",
        ),
        Topic.MONEY: (
            "Share a money fear you rarely admit to.",
            "Tell them how comparing yourself with others makes you feel.",
        ),
        Topic.BODY: (
            "Share an insecurity about your body or health.",
            "Tell them how a health scare really affected you.",
        ),
    },
    DepthLevel.CORE: {
        Topic.TASTES: ("Share what still gives your life meaning on the hardest days.",),
        Topic.WORK: ("Share your deepest fear about failing at what you do.",),
        Topic.ATTITUDES: ("Share a question about life or faith you've never said out loud.",),
        Topic.RELATIONSHIPS: ("Share a hurt from someone close that you've never told anyone.",),
        Topic.MONEY: ("Share something about your finances you feel ashamed of.",),
        Topic.BODY: ("Share a fear about your health you've kept to yourself.",),
    },
}
