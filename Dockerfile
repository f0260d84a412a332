# Build the descent jar, then run it on a JRE.
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -DskipTests package -pl topology -am

FROM eclipse-temurin:17.0.15_6-jre
COPY --from=build /src/topology/target/descent.jar /app/descent.jar
ENTRYPOINT ["java", "-jar", "/app/descent.jar"]
